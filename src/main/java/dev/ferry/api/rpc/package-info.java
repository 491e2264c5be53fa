/**
 * Kubo's RPC API ({@code /api/v0/…}, docs.ipfs.tech/reference/kubo/rpc), served by {@link dev.ferry.api.rpc.RpcServer}
 * with the node's commands from {@link dev.ferry.api.rpc.NodeRpc#install}.
 *
 * <h2>Wire format</h2>
 * Every call is {@code POST /api/v0/<command>}; positional arguments are repeated {@code arg=}, options are query
 * parameters (kebab-case, booleans as Go's ParseBool reads them); file inputs ({@code add}, {@code block/put},
 * {@code dag/import}) are {@code multipart/form-data} as kubo-rpc-client writes it: one part per file, its
 * URL-encoded path as {@code filename}, {@code application/x-directory} parts for directories. Answers are JSON, NDJSON
 * ({@code X-Chunked-Output: 1}) or raw bytes; errors are {@code {"Message","Code":0,"Type":"error"}}.
 *
 * <h2>Limits</h2>
 * Query ≤ 16 KiB (414), ≤ 1024 arguments, ≤ 64 header lines and 32 KiB of headers (431). Multipart
 * ({@link dev.ferry.api.rpc.MultipartLimits}): ≤ 100 000 parts, part header lines ≤ 8 KiB, ≤ 16 headers per part,
 * file names ≤ 4096 characters, preamble ≤ 64 KiB; part bodies are streamed through a fixed buffer, so an upload of
 * any size runs in constant memory. Blocks ≤ 1 MiB (2 MiB with {@code allow-big-block}), ≤ 64 per put.
 *
 * <h2>Failure behaviour</h2>
 * Who may call is checked first ({@link dev.ferry.api.http.HttpAccess}: 401/403); unknown commands are 404, other
 * methods than POST 405, unknown options and malformed input (bad CIDs, missing arguments, bad multipart) 400,
 * everything else 500. A streamed answer commits its 200 with the first byte: a command that fails before writing
 * still gets an error answer; one that fails later has its response cut (no final chunk), never a short success.
 *
 * <h2>Durability and GC</h2>
 * Writers ({@code add}, {@code block/put}, {@code dag/import}, {@code pin/add}) hold the node's
 * {@link dev.ferry.node.content.ContentLock} shared from their first put until their pins are synced; {@code repo/gc}
 * and {@code block/rm} hold it exclusively. Blocks are synced before pins, pins before the answer. Each
 * {@code repo/gc} line is Kubo's {@code {"Key":{"/":cid}}} with the block's {@code "Size"} added (clients that do not
 * know it ignore it; ferry's CLI sums it into the summary it prints without a daemon too).
 */
package dev.ferry.api.rpc;
