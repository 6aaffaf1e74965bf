// Why a function gave no usable answer, as the trigger runner maps it to Cognito's errors
// (src/triggers/run.ts): it threw (`error`), overran its time (`timeout`), does not exist or could
// not be reached (`unreachable`), or its runtime died (`crashed`).
export type FailureKind = 'error' | 'timeout' | 'unreachable' | 'crashed';

export class FunctionFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The error's type as the function's runtime (or the Lambda API) reports it: TypeError, ResourceNotFoundException, ... */
    readonly errorType?: string,
  ) {
    super(message);
  }
}
