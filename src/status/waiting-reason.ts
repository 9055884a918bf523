/** Why a container is waiting, from the last sync that tried to start it (the kubelet's reason cache). */
export interface WaitingReason {
  reason: string;
  message: string;
}
