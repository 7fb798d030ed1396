// The demo `npm start` tells: the story of its first minutes, told through the project's own commands.
export { startEconomy } from "./economy.mjs";
export { tellStory } from "./story.mjs";
