// End to end on SQLite: see support/story.ts.
import { describeGeneratedProject } from "./support/story.js";

describeGeneratedProject("sqlite");
