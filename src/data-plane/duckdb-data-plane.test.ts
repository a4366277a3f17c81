import { dataPlaneSuite } from '../contracts/testing/data-plane-suite.js';
import { createDuckDbDataPlane } from './duckdb-data-plane.js';

dataPlaneSuite('in-process DuckDB', createDuckDbDataPlane);
