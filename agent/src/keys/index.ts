export { createKeyFile, loadSigner } from "./keyFile.js";
