import { ensureGuestImage, guestUnavailableReason } from '../helpers/guest.js';

/**
 * What a guest test file needs before it starts: the image directory, or why the guest suite is
 * skipped here (printed once, so a skipped suite never passes silently). Builds the image when its
 * recipe changed; a build that fails for want of the mirror is a skip reason, anything else fails.
 */
export function prepareGuest(): { image: string; skip?: undefined } | { image?: undefined; skip: string } {
  const reason = guestUnavailableReason();
  if (reason !== undefined) return skip(reason);
  try {
    return { image: ensureGuestImage() };
  } catch (err) {
    const message = (err as Error).message;
    if (/debootstrap failed|apt-get install in the chroot failed/.test(message)) return skip(`the guest image cannot be built: ${message}`);
    throw err;
  }
}

function skip(reason: string): { skip: string } {
  console.warn(`[guest] SKIPPED: the systemd/cgroup v2 guest suite cannot run here: ${reason}`);
  return { skip: reason };
}
