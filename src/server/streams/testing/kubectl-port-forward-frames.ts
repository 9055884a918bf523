/**
 * Bytes kubectl 1.32.4 sent on a plain SPDY/3.1 port-forward connection
 * (`KUBECTL_PORT_FORWARD_WEBSOCKETS=false kubectl port-forward pod/web :8080`, then one
 * `curl http://127.0.0.1:<port>/`), captured after the HTTP upgrade, one entry per write.
 */
export const KUBECTL_WRITES: readonly string[] = [
  // SYN_STREAM stream 1: headers {port: 8080, requestid: 0, streamtype: error}, compressed
  '800300010000003e00000001',
  '00000000000078f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c60616061c0c0c0c0590489c64c50f2663400000000ffff',
  // DATA stream 1, FIN: kubectl never writes on the error stream
  '0000000101000000',
  // SYN_STREAM stream 3: {port: 8080, requestid: 0, streamtype: data}, compressed with the context of the first
  '8003000100000018',
  '00000003000000000000c2aa19540e2512d60b000000ffff',
  // DATA stream 3: the HTTP request curl sent to the forwarded port
  '000000030000004f474554202f20485454502f312e310d0a486f73743a203132372e302e302e313a33373231330d0a557365722d4167656e743a206375726c2f372e38382e310d0a4163636570743a202a2f2a0d0a0d0a',
  // DATA stream 3, FIN: curl is done sending
  '0000000301000000',
];

export const KUBECTL_BYTES: Buffer = Buffer.from(KUBECTL_WRITES.join(''), 'hex');

/** The Adler-32 of the SPDY/3 dictionary, as kubectl's first header block names it (bytes 2-5 of its zlib stream). */
export const KUBECTL_DICTIONARY_ID = 'e3c6a7c2';
