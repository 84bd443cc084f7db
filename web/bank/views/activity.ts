import type { View } from '../context.js';
import { h } from '../dom.js';
import { liveTransfers } from '../transfers.js';

/** Every recent Pix of the account, sent and received, each moving through its steps live. */
export const activityView: View = (root, ctx) => {
  const list = liveTransfers(ctx, 50);
  root.append(
    h(
      'p',
      { class: 'hint' },
      'Each Pix goes Sent → Accepted → Completed; this page follows it as it happens.',
    ),
    list.element,
  );
  return list.stop;
};
