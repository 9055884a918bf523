import { KUBELET_AUTHORIZATION_MODES } from '../server/kubelet/kubelet-auth.js';
import { absolutePath, listenAddress, oneOf, port, toggle } from './option-value-kinds.js';
import type { OptionRow } from './run-option-table.js';

type KubeletServerField = 'kubeletPort' | 'kubeletAddress' | 'clientCaFile' | 'tlsCertFile' | 'tlsPrivateKeyFile' | 'authenticationTokenWebhook' | 'authorizationMode';

/**
 * The kubelet's server (issue 21 §4), rows of RUN_OPTION_TABLE kept in their own file: the
 * kubelet's own flags and defaults (`cmd/kubelet/app/options/options.go`), except that anonymous
 * requests are never served (the kubelet's config-file default).
 */
export const KUBELET_SERVER_OPTION_ROWS = {
  kubeletPort: {
    flags: '--port <port>',
    kind: port,
    default: 10250,
    description: "the kubelet's HTTPS port the API server dials for logs, exec, attach, port-forward, /pods and /stats (0: off); served only with --client-ca-file",
  },
  kubeletAddress: {
    flags: '--address <ip>',
    kind: listenAddress,
    default: '0.0.0.0',
    description: 'the address the kubelet port listens on (kubelet --address)',
  },
  clientCaFile: {
    flags: '--client-ca-file <file>',
    kind: absolutePath,
    description: "PEM CA bundle: a client certificate signed by it authenticates a request to the kubelet port (the API server's --kubelet-client-certificate); without it the port is not served",
  },
  tlsCertFile: {
    flags: '--tls-cert-file <file>',
    kind: absolutePath,
    description: "the kubelet port's serving certificate, PEM (default: a self-signed one for the node name, hostname and host IP, <root-dir>/pki/kubelet.crt)",
  },
  tlsPrivateKeyFile: {
    flags: '--tls-private-key-file <file>',
    kind: absolutePath,
    description: 'the key of --tls-cert-file, PEM',
  },
  authenticationTokenWebhook: {
    flags: '--authentication-token-webhook',
    kind: toggle,
    default: false,
    description: 'also authenticate bearer tokens on the kubelet port, through the API server (TokenReview; node mode only)',
  },
  authorizationMode: {
    flags: '--authorization-mode <mode>',
    kind: oneOf(KUBELET_AUTHORIZATION_MODES),
    default: 'AlwaysAllow',
    description: 'AlwaysAllow: an authenticated request may do anything on the kubelet port; Webhook: ask the API server (SubjectAccessReview on nodes/<node>; node mode only)',
  },
} satisfies { readonly [F in KubeletServerField]: OptionRow<F> };
