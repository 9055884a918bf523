import type { AgentOptions } from '../config/agent-options.js';
import { RUN_OPTION_ROWS } from '../config/run-option-table.js';
import { derivedServiceRange } from '../services/derived-service-range.js';

/**
 * The embedded agent's options: every `run` default (the option table's, so play never drifts from
 * the daemon), with the run's own node name and state directory. Play has no manifest directory
 * (its source is the file list) and serves no API socket, HTTPS Kubernetes API or read-only port;
 * its Service range is derived from its node name.
 */
export function playAgentOptions(nodeName: string, rootDir: string): AgentOptions {
  const defaults = Object.fromEntries(RUN_OPTION_ROWS.filter((row) => row.default !== undefined).map((row) => [row.field, row.default]));
  // The table's `satisfies` gives every required field a default of its type.
  // Its own Service range: a play beside a daemon on the default range (or another play) never collides.
  return { ...(defaults as Omit<AgentOptions, 'manifestDir'>), manifestDir: rootDir, rootDir, nodeName, readOnlyPort: 0, serviceClusterIpRange: derivedServiceRange(nodeName) };
}
