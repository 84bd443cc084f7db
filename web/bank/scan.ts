import { errorBox, field, h, showError } from './dom.js';

/** jsQR's browser build defines this global when /vendor/jsqr.js has run. */
type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;
declare global {
  interface Window {
    jsQR?: JsQr;
  }
}

/** Loaded only when a customer scans: most visits never need the decoder. */
function loadDecoder(): Promise<JsQr> {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  return new Promise((resolve, reject) => {
    const script = h('script', { src: '/vendor/jsqr.js' });
    script.addEventListener('load', () =>
      window.jsQR ? resolve(window.jsQR) : reject(new Error('no jsQR')),
    );
    script.addEventListener('error', () => reject(new Error('jsQR did not load')));
    document.head.append(script);
  });
}

/** Pictures larger than this are scaled down first: a QR code needs far fewer pixels, and it is faster. */
const MAX_SIDE = 1024;

/** The text of the QR code in a picture or a video frame, if one can be read. */
async function decode(source: CanvasImageSource, width: number, height: number): Promise<string | undefined> {
  const jsQR = await loadDecoder();
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = h('canvas', { width: Math.round(width * scale), height: Math.round(height * scale) });
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(data, canvas.width, canvas.height, { inversionAttempts: 'attemptBoth' })?.data || undefined;
}

const NOT_FOUND =
  'We could not find a Pix QR code in this picture. Try a sharper one, with the whole code in it.';

/**
 * Reading a Pix QR code: from the camera when the browser offers one (frames decoded a few times a
 * second until one reads), or from a picture the customer uploads. Either way the text goes to the
 * pay-a-code form, which has the bank read it before anything is paid.
 */
export function scanner(found: (payload: string) => void): { element: HTMLElement; stop: () => void } {
  const error = errorBox();
  const status = h('p', { class: 'hint', role: 'status' });
  const file = h('input', { type: 'file', accept: 'image/*', name: 'picture' });
  const video = h('video', { playsinline: true, muted: true, class: 'camera', hidden: true });
  let stream: MediaStream | undefined;
  let timer: number | undefined;
  const stop = () => {
    window.clearInterval(timer);
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    video.hidden = true;
  };
  file.addEventListener('change', async () => {
    const picture = file.files?.[0];
    if (!picture) return;
    showError(error, undefined);
    status.textContent = 'Reading the picture…';
    try {
      const bitmap = await createImageBitmap(picture);
      const text = await decode(bitmap, bitmap.width, bitmap.height);
      status.textContent = '';
      if (text) found(text);
      else showError(error, NOT_FOUND);
    } catch {
      status.textContent = '';
      showError(error, 'This file is not a picture we can read. Try a PNG or JPEG.');
    }
  });
  const camera = h('button', { type: 'button' }, 'Use the camera');
  camera.addEventListener('click', async () => {
    showError(error, undefined);
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      showError(error, 'We could not use the camera. You can upload a picture of the code instead.');
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => undefined);
    status.textContent = 'Point the camera at the QR code.';
    timer = window.setInterval(async () => {
      if (!video.videoWidth) return;
      const text = await decode(video, video.videoWidth, video.videoHeight).catch(() => undefined);
      if (!text || !stream) return;
      stop();
      status.textContent = '';
      found(text);
    }, 250);
  });
  const element = h(
    'section',
    { class: 'card', 'aria-label': 'Scan a QR code' },
    typeof navigator.mediaDevices?.getUserMedia === 'function' && h('div', { class: 'actions' }, camera),
    video,
    field('Or upload a picture of the QR code', file),
    status,
    error,
  );
  return { element, stop };
}
