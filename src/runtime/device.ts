// What the sessions list shows about a device, read from the request once at login.
import type { FastifyRequest } from "fastify";
import { UAParser } from "ua-parser-js";
import type { DeviceInfo } from "./store/index.js";

/** Enough for any real browser; bounds what a client can make us store per session. */
const MAX_USER_AGENT_LENGTH = 512;

export function readDevice(request: FastifyRequest): DeviceInfo {
  const userAgent = (request.headers["user-agent"] ?? "").slice(0, MAX_USER_AGENT_LENGTH);
  const { browser, os, device } = new UAParser(userAgent).getResult();
  return {
    ip: request.ip,
    userAgent,
    browser: [browser.name, browser.major].filter(Boolean).join(" "),
    os: [os.name, os.version].filter(Boolean).join(" "),
    // ua-parser-js leaves the type empty for desktops.
    device: device.type ?? (userAgent ? "desktop" : ""),
  };
}
