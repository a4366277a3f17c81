/** Where run ids come from. ADF run ids are GUIDs; tests inject a counter for stable ids. */
export interface IdSource {
  /** A new unique id for a pipeline run or an activity run (a GUID string in production). */
  newRunId(): string;
}
