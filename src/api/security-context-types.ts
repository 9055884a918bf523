/** The container and pod `securityContext` subsets minikubelet applies, after defaults (see `pod-types.ts`). */

export interface Capabilities {
  add?: string[];
  drop?: string[];
}

/** `seccompProfile` / `appArmorProfile`: `localhostProfile` is set exactly when `type` is `Localhost`. */
export interface SecurityProfile {
  type: 'RuntimeDefault' | 'Unconfined' | 'Localhost';
  localhostProfile?: string;
}

/** The container `securityContext` fields minikubelet applies (others are reported when set). */
export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: Capabilities;
  /** Docker `SecurityOpt` `seccomp=…` (`security/security-profiles.ts`); the pod's when unset. */
  seccompProfile?: SecurityProfile;
  /** Docker `SecurityOpt` `apparmor=…`; the pod's when unset, then the deprecated annotation. */
  appArmorProfile?: SecurityProfile;
}

export interface Sysctl {
  name: string;
  value: string;
}

/** The pod `securityContext` fields minikubelet applies (others are reported when set). */
export interface PodSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  supplementalGroups?: number[];
  /** Group owning the pod's emptyDir volumes (setgid), and a supplementary group of every container. */
  fsGroup?: number;
  /** Validated; no effect on emptyDir volumes (the kubelet passes no policy for them either). */
  fsGroupChangePolicy?: 'OnRootMismatch' | 'Always';
  sysctls?: Sysctl[];
  seccompProfile?: SecurityProfile;
  appArmorProfile?: SecurityProfile;
  /** Validated; Docker always merges the image's /etc/group memberships (a warning says so for Strict). */
  supplementalGroupsPolicy?: 'Merge' | 'Strict';
}
