// Wire-level fault codes. Keap's Java layer answers parse errors, unknown methods and invocation
// failures with fault code 0 (keap-xmlrpc.md §1.6), so legacy clients see the same code here.
// Business codes (1..15) belong to src/keap/faults.ts, not here.
export const PARSE_FAULT = 0;
export const NO_SUCH_HANDLER = 0;
export const INVOKE_FAULT = 0;
/** Request well-formed XML but not a valid XML-RPC call, or a limit exceeded. */
export const INVALID_REQUEST = 0;

export const noSuchHandlerText = (method: string) => `No such handler: ${method}`;
export const invokeFailedText = (method: string) => `Failed to invoke method ${method}: internal error`;
