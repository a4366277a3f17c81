/** A scoring request as it came over HTTP: MLflow's `/invocations` body and its `Content-Type`. */
export interface ScoringRequest {
  /** The `Content-Type` header as sent (`application/json`, `text/csv; charset=utf-8`); `''` when absent. */
  readonly contentType: string;
  readonly body: Buffer;
}

/** A reply to send back as is. */
export interface ScoringReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** MLflow's error JSON (`MlflowException.serialize_as_json`): `{"error_code", "message"}`. */
export function mlflowErrorReply(status: number, errorCode: string, message: string): ScoringReply {
  return {
    status,
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify({ error_code: errorCode, message })),
  };
}
