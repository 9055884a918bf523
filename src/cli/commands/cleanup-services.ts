/** `cleanup-services`: removes for good what an agent put on the host for Services (they outlive the agent). */
import type { Command } from 'commander';
import pino from 'pino';
import { removeServiceNetwork } from '../../services/remove-service-network.js';
import type { CliIo } from '../cli-io.js';

export function registerCleanupServicesCommand(program: Command, io: CliIo): void {
  program
    .command('cleanup-services')
    .description("remove an agent's Service addresses and iptables rules (kept when it stops, so connections survive a restart); run it after stopping that agent for good")
    .requiredOption('--node-name <name>', 'the node name the agent ran with')
    .action(async ({ nodeName }: { nodeName: string }) => {
      const removed = await removeServiceNetwork(nodeName, pino({ level: 'silent' }));
      io.stdout.write(`Removed interface ${removed.interfaceName} and ${removed.chains} iptables chains of node ${nodeName}\n`);
    });
}
