// Feature modules end to end on sqlite: see support/features-story.ts.
import { describeFeatureStory } from "./support/features-story.js";

describeFeatureStory("sqlite");
