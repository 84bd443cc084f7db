/** A server-sent events client for tests: reads a stream over fetch and keeps every event it parsed. */

export interface StreamEvent {
  id?: string;
  event: string;
  data: string;
}

export interface EventStream {
  status: number;
  events: StreamEvent[];
  /** The first event (from the start of the stream) that `match` accepts, waiting up to `timeoutMs`. */
  next(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const pump = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: StreamEvent = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') event.id = value;
          if (field === 'event') event.event = value;
          if (field === 'data') data.push(value);
        }
        event.data = data.join('\n');
        if (data.length) events.push(event);
      }
      for (const wake of waiters) wake();
    }
  };
  void pump()
    .catch(() => undefined)
    .finally(() => {
      ended = true;
      for (const wake of waiters) wake();
    });
  return {
    status: response.status,
    events,
    next: (match, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event in ${timeoutMs} ms; had ${JSON.stringify(events.slice(-5))}`));
        }, timeoutMs);
        function check() {
          const found = events.find(match);
          if (!found && !ended) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
          else
            reject(
              new Error(`the stream ended without a matching event: ${JSON.stringify(events.slice(-5))}`),
            );
        }
        waiters.add(check);
        check();
      }),
    close: () => abort.abort(),
  };
}
