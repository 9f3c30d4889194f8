// MFA end to end on postgresql: see support/mfa-story.ts.
import { describeMfaStory } from "./support/mfa-story.js";

describeMfaStory("postgresql");
