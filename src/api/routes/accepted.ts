import type { FastifyReply } from "fastify";

/** 202 Accepted for a started run or plan, with where to follow it. */
export function accepted(reply: FastifyReply, rec: { id: string; status: string }) {
  reply.code(202).header("location", `/api/runs/${rec.id}`);
  return { id: rec.id, status: rec.status, events: `/api/runs/${rec.id}/events`, run: `/api/runs/${rec.id}` };
}
