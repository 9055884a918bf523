import type { PodEvent } from '../../api/pod-status-types.js';
import type { Volume } from '../../api/pod-types.js';
import { computeQosClass } from '../../api/qos-class.js';
import { describeContainers } from './describe-containers.js';
import { describeProjectedVolume } from './describe-projections.js';
import { PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-writer.js';
import { timestampSince } from '../../shared/human-duration.js';
import type { PrintablePod } from '../../status/pod-row.js';

/**
 * `kubectl describe pod` (kubectl `describePod`, staging/src/k8s.io/kubectl/pkg/describe/describe.go)
 * for the fields minikubelet has. Times are printed in UTC; `From` is always `kubelet`.
 */
export function describePod(pod: PrintablePod, events: readonly PodEvent[], nowMs: number): string {
  const w = new PrefixWriter();
  const { metadata, spec, status } = pod;
  w.write(0, `Name:\t${metadata.name}\n`);
  w.write(0, `Namespace:\t${metadata.namespace}\n`);
  // Static pods have no priority class; the API server would have defaulted priority to 0.
  w.write(0, 'Priority:\t0\n');
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  if (metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${timestampSince(metadata.deletionTimestamp, nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${spec.terminationGracePeriodSeconds}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips = status.podIPs ?? [];
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  if (spec.initContainers.length > 0) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses);
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses);
  if (status.conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes);
  w.write(0, `QoS Class:\t${status.qosClass ?? computeQosClass(pod)}\n`);
  w.write(0, 'Node-Selectors:\t<none>\n');
  w.write(0, 'Tolerations:\t<none>\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}

function describeVolumes(w: PrefixWriter, volumes: readonly Volume[]): void {
  if (volumes.length === 0) {
    w.write(0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(0, 'Volumes:\n');
  for (const v of volumes) {
    w.write(1, `${v.name}:\n`);
    if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type}\n`);
    } else if (v.emptyDir) {
      const sizeLimit = v.emptyDir.sizeLimit || '<unset>';
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium}\n    SizeLimit:\t${sizeLimit}\n`);
    } else if (!describeProjectedVolume(w, v)) {
      w.write(1, '<unknown>\n');
    }
  }
}

/** kubectl `DescribeEvents`: oldest last-seen first; Age is `10s` or `2m (x3 over 5m)`. */
function describeEvents(w: PrefixWriter, events: readonly PodEvent[], nowMs: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  const sorted = [...events].sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp));
  for (const e of sorted) {
    const first = timestampSince(e.firstTimestamp, nowMs);
    const age = e.count > 1 ? `${timestampSince(e.lastTimestamp, nowMs)} (x${e.count} over ${first})` : first;
    w.write(1, `${e.type}\t${e.reason}\t${age}\tkubelet\t${e.message.trim()}\n`);
  }
}
