import { DEFAULT_EVICTION_HARD, DEFAULT_EVICTION_THRESHOLDS } from '../node/eviction-thresholds.js';
import { byteQuantity, duration, evictionThresholds, percent, textList } from './option-value-kinds.js';
import type { OptionRow } from './run-option-table.js';

type DiskField = 'evictionHard' | 'evictionPressureTransitionPeriod' | 'containerLogMaxTotalSize' | 'imageGcHighThreshold' | 'imageGcLowThreshold' | 'imageMinimumGcAge' | 'imageGcRepositories';

/**
 * The `run` options of the disk (issue 17 §3), rows of RUN_OPTION_TABLE kept in their own file: the
 * kubelet's eviction thresholds and image GC flags with its defaults, and the node-wide log cap.
 */
export const DISK_OPTION_ROWS = {
  evictionHard: {
    flags: '--eviction-hard <thresholds>',
    kind: evictionThresholds,
    default: DEFAULT_EVICTION_THRESHOLDS,
    defaultText: DEFAULT_EVICTION_HARD,
    description: 'disk left below which the node has DiskPressure and evicts pods, signal<percent or quantity (kubelet --eviction-hard); "" turns it off',
  },
  evictionPressureTransitionPeriod: {
    flags: '--eviction-pressure-transition-period <duration>',
    kind: duration,
    default: 5 * 60_000,
    defaultText: '5m',
    description: 'DiskPressure stays True this long after the thresholds were last met (kubelet)',
  },
  containerLogMaxTotalSize: {
    flags: '--container-log-max-total-size <quantity>',
    kind: byteQuantity,
    description: "all this node's container logs together, rotated files included, are kept under this (default: container-log-max-size × container-log-max-files × max-pods, what one container per pod may keep)",
  },
  imageGcHighThreshold: {
    flags: '--image-gc-high-threshold <percent>',
    kind: percent,
    default: 85,
    description: 'image filesystem usage at which unused images are deleted (kubelet); 100 turns image GC off, as where other tools share the engine',
  },
  imageGcLowThreshold: {
    flags: '--image-gc-low-threshold <percent>',
    kind: percent,
    default: 80,
    description: 'image GC frees down to this usage of the image filesystem (kubelet)',
  },
  imageMinimumGcAge: {
    flags: '--image-minimum-gc-age <duration>',
    kind: duration,
    default: 2 * 60_000,
    defaultText: '2m',
    description: 'an image first seen less than this long ago is never deleted (kubelet)',
  },
  imageGcRepositories: {
    flags: '--image-gc-repositories <prefixes>',
    kind: textList,
    description: 'image GC deletes only images whose every tag starts with one of these (default: any image of the engine)',
  },
} satisfies { readonly [F in DiskField]: OptionRow<F> };
