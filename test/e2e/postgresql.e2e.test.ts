// End to end on PostgreSQL (a fresh database per run): see support/story.ts.
import { describeGeneratedProject } from "./support/story.js";

describeGeneratedProject("postgresql");
