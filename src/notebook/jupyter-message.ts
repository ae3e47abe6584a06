/**
 * Jupyter messages (protocol 5.3) and their ZeroMQ wire form: routing identities, the `<IDS|MSG>`
 * delimiter, an HMAC-SHA256 signature, then the header, parent header, metadata and content as
 * JSON, then any binary buffers.
 *
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { InternalError } from "../common/errors.js";

export const PROTOCOL_VERSION = "5.3";
export const DELIMITER = Buffer.from("<IDS|MSG>");

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  /** The header of the request this message answers, or `{}`. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers?: Buffer[];
}

/**
 * A new message from this client.
 *
 * @example
 * const msg = createMessage("kernel_info_request", {}, session);
 */
export function createMessage<C extends object>(msgType: string, content: C, session: string): JupyterMessage<C> {
  return {
    header: { msg_id: randomUUID(), session, username: "kindling", date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION },
    parent_header: {},
    metadata: {},
    content,
  };
}

/**
 * The hex HMAC-SHA256 of the four JSON frames, in order, as the kernel computes it; an empty key
 * means signing is off (the signature is then the empty string).
 *
 * @example
 * sign(key, [header, parent, metadata, content]); // "5f2c…"
 */
export function sign(key: string, frames: readonly (string | Buffer)[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

/**
 * The frames to send for a message: `[...identities, <IDS|MSG>, signature, header, parent, metadata, content, ...buffers]`.
 *
 * @example
 * await shell.send(encodeMessage(createMessage("kernel_info_request", {}, session), key));
 */
export function encodeMessage(msg: JupyterMessage<object>, key: string, identities: readonly Buffer[] = []): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p)));
  return [...identities, DELIMITER, Buffer.from(sign(key, parts)), ...parts, ...(msg.buffers ?? [])];
}

/**
 * Parses received frames and checks their signature (in constant time). A bad signature or a
 * missing delimiter throws: such a message did not come from our kernel.
 *
 * @example
 * for await (const frames of iopub) handle(decodeMessage(frames, key));
 */
export function decodeMessage(frames: readonly Buffer[], key: string): JupyterMessage & { identities: Buffer[] } {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0 || frames.length < at + 6) {
    throw new InternalError(`a Jupyter message without the <IDS|MSG> delimiter or with too few frames (${frames.length})`);
  }
  const signature = frames[at + 1]!;
  const parts = frames.slice(at + 2, at + 6);
  if (key !== "") {
    const expected = Buffer.from(sign(key, parts));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new InternalError("a Jupyter message with a wrong HMAC signature (not from our kernel?)");
    }
  }
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString("utf8")) as unknown);
  return {
    identities: frames.slice(0, at),
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, unknown>,
    buffers: frames.slice(at + 6),
  };
}
