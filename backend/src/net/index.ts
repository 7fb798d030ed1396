// Avatar addressing on the host: the local route for the avatar prefix and `tet-backend net`.
export { canonicalPrefix, type IpRunner, ipCommand, routeDown, routeIsUp, routeUp } from "./localRoute.js";
export { net, netCommand } from "./netCommand.js";
