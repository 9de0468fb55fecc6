// Which requests open their TCP connection: a server may keep state per connection (a session
// cache), or route new connections elsewhere (a replica). Faults of that kind read this.

const served = new WeakSet<object>();
const opening = new WeakMap<object, boolean>();

/** Whether the request is the first its connection carries (the same answer however often asked). */
export function opensConnection(req: { raw: { socket: object } }): boolean {
  let opens = opening.get(req);
  if (opens === undefined) {
    opens = !served.has(req.raw.socket);
    served.add(req.raw.socket);
    opening.set(req, opens);
  }
  return opens;
}
