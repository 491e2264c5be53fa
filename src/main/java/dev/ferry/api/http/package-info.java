/**
 * What both HTTP surfaces (the RPC API and the gateway) share: who may call them ({@link dev.ferry.api.http.HttpAccess}),
 * the bounds on what a caller may send, and the ustar writer both use to answer with a tar
 * ({@link dev.ferry.api.http.TarWriter}: RPC {@code get} and the gateway's {@code ?format=tar}). {@code get}'s forms
 * (tar, gzipped tar, a gzipped file: {@link dev.ferry.api.http.UnixfsArchive}) are shared with the command line,
 * which writes them from the repo itself when no daemon runs.
 *
 * <p>Access follows Kubo's {@code API.Authorizations}: named tokens, each with a secret ({@code bearer:TOKEN} or
 * {@code basic:USER:PASSWORD}) and the path prefixes it may call. Secrets are compared in constant time (digests
 * compared with {@link java.security.MessageDigest#isEqual}). With no tokens configured a surface serves loopback
 * callers only, and refuses to bind any other address. Cross-origin browser calls are refused unless the origin is
 * listed: a page on another site must not drive the node through the user's browser.
 */
package dev.ferry.api.http;
