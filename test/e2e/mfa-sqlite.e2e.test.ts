// MFA end to end on sqlite: see support/mfa-story.ts.
import { describeMfaStory } from "./support/mfa-story.js";

describeMfaStory("sqlite");
