// Feature modules end to end on postgresql: see support/features-story.ts.
import { describeFeatureStory } from "./support/features-story.js";

describeFeatureStory("postgresql");
