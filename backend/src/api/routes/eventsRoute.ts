import {
  bytesEqual,
  didKeyFromPublicKey,
  objectIdFromText,
  parseStatement,
  statementToJson,
} from "@tet/schemas";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { toProblem } from "../../errors/index.js";
import {
  describeRoute,
  intParam,
  mediaResponse,
  objectPath,
  parametersOf,
  parseWith,
  problems,
} from "../../openapi/index.js";
import { type ApiContext, type ApiEnv, badQuery, objectParam } from "../apiContext.js";
import type { AppendedEvent } from "../appendFeed.js";

const HEARTBEAT_MS = 15_000;

const eventsQuery = z.object({ after: intParam("after", "replay entries after this log index first") });

function message(index: number, bytes: Uint8Array) {
  const p = parseStatement(bytes);
  const s = p.statement;
  const data = {
    index,
    kind: s.t,
    ts: s.ts,
    signer: didKeyFromPublicKey(p.signer),
    statement: statementToJson(s),
  };
  return { event: "statement", id: String(index), data: JSON.stringify(data) };
}

/**
 * `GET /v1/objects/{id}/events?after=`: server-sent events (WHATWG HTML §9.2) of the object's new
 * statements, one `statement` event per entry with the log index as its id. With `after` (or a
 * `Last-Event-ID` header) the entries after that index are replayed first, so a page that loaded the
 * history up to some index misses nothing; live entries are buffered during the replay and each
 * index is sent once.
 */
export function eventsRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(
    "/v1/objects/:id/events",
    describeRoute({
      summary: "Server-sent events of the object's new statements",
      parameters: [...objectPath, ...parametersOf("query", eventsQuery)],
      responses: {
        "200": mediaResponse("`statement` events; id = log index", "text/event-stream"),
        ...problems(400, 404, 429),
      },
    }),
    async (c) => {
      const o = await objectParam(c, ctx);
      const object = objectIdFromText(o.id);
      const lastId = c.req.header("last-event-id");
      const after =
        lastId !== undefined && /^\d{1,15}$/.test(lastId)
          ? Number(lastId)
          : parseWith(eventsQuery, c.req.query(), badQuery).after;
      return streamSSE(c, async (stream) => {
        let sent = after ?? -1;
        let buffered: AppendedEvent[] | undefined = [];
        const send = async (index: number, bytes: Uint8Array) => {
          if (index <= sent) return;
          sent = index;
          await stream.writeSSE(message(index, bytes));
        };
        const unsubscribe = ctx.feed((e) => {
          if (e.object === undefined || !bytesEqual(e.object, object)) return;
          if (buffered) buffered.push(e);
          else void send(e.index, e.bytes).catch(() => undefined);
        });
        const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
        const heartbeat = setInterval(
          () => void stream.write(": keep-alive\n\n").catch(() => undefined),
          HEARTBEAT_MS,
        );
        try {
          await stream.writeSSE({ event: "ready", data: JSON.stringify({ object: o.id, after: sent }) });
          let cursor = sent;
          while (after !== undefined) {
            const page = await ctx.store.entriesByObject(object, { afterIndex: cursor, limit: 500 });
            for (const e of page) {
              cursor = e.index;
              if (e.bytes) await send(e.index, e.bytes);
            }
            if (page.length < 500) break;
          }
          const pending = buffered;
          buffered = undefined;
          for (const e of pending) await send(e.index, e.bytes);
          await closed;
        } catch (e) {
          await stream.writeSSE({ event: "problem", data: JSON.stringify(toProblem(e).problem) }); // LOG_CORRUPT
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
        }
      });
    },
  );
  return app;
}
