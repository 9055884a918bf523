import { absolutePath, duration, ipv4Address, textList } from './option-value-kinds.js';
import type { OptionRow } from './run-option-table.js';

type NodeModeField = 'kubeconfig' | 'nodeIp' | 'registerWithTaints' | 'nodeStatusUpdateFrequency' | 'nodeStatusReportFrequency';

/**
 * The `run` options of node mode (issue 21), rows of RUN_OPTION_TABLE kept in their own file: the
 * kubelet's flags of the same names and defaults. Without --kubeconfig none of them does anything.
 */
export const NODE_MODE_OPTION_ROWS = {
  kubeconfig: {
    flags: '--kubeconfig <file>',
    kind: absolutePath,
    description: 'join the cluster this kubeconfig names (a system:node:<node-name> client certificate): register the node and run the pods scheduled to it, beside the manifest directory\'s',
  },
  nodeIp: {
    flags: '--node-ip <ip>',
    kind: ipv4Address,
    description: 'the InternalIP the node reports to the cluster (default: the host IP the agent detects)',
  },
  registerWithTaints: {
    flags: '--register-with-taints <taints>',
    kind: textList,
    default: [],
    description: 'taints the node registers with, key=value:Effect,... (kubelet --register-with-taints)',
  },
  nodeStatusUpdateFrequency: {
    flags: '--node-status-update-frequency <duration>',
    kind: duration,
    default: 10_000,
    defaultText: '10s',
    description: 'how often the node status is computed, and sent when it changed (kubelet)',
  },
  nodeStatusReportFrequency: {
    flags: '--node-status-report-frequency <duration>',
    kind: duration,
    default: 5 * 60_000,
    defaultText: '5m',
    description: 'the node status is sent at least this often even unchanged (kubelet)',
  },
} satisfies { readonly [F in NodeModeField]: OptionRow<F> };
