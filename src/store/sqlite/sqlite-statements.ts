/** SQL of the run store's hot-path statements (portable: also valid PostgreSQL after `?` → `$n`). */
export const RUN_STATEMENTS = {
  insertRun: `INSERT INTO pipeline_runs (run_id, pipeline, status, message, parameters, variables, output, group_id,
          invoked_by, content_hash, queued_at, start_time, end_time, owner, interrupted, environment)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  startRun: `UPDATE pipeline_runs SET status = 'InProgress', start_time = ? WHERE run_id = ? AND status = 'Queued'`,
  finishRun: `UPDATE pipeline_runs SET status = ?, end_time = ?, message = COALESCE(?, message), variables = ?,
          output = ? WHERE run_id = ?`,
  insertActivity: `INSERT INTO activity_runs (activity_run_id, run_id, seq, activity_name, activity_type, status, iteration,
          attempt, start_time, end_time, input, output, error, reused_from, marked_as)
         VALUES (@activity_run_id, @run_id, @seq, @activity_name, @activity_type, @status, @iteration, @attempt,
          @start_time, @end_time, @input, @output, @error, @reused_from, @marked_as)`,
  finishActivity: `UPDATE activity_runs SET status = ?, end_time = ?, input = COALESCE(?, input),
          output = COALESCE(?, output), error = COALESCE(?, error) WHERE activity_run_id = ?`,
} as const;
