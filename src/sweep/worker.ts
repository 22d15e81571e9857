// The worker thread's side of the pool: one cell run per task.
import { runCell, type CellTask, type CellValues } from './cell.js';

export default function work(task: CellTask): CellValues {
  return runCell(task);
}
