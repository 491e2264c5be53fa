package dev.ferry.exchange.ferry.oneshot;

import java.util.Objects;

/**
 * The words a protocol's thread names, log lines and error messages are made of, so that each protocol keeps speaking
 * of its own requests and answers.
 *
 * @param name         short name: {@code "pin"} gives threads {@code ferry-pin-timer}, {@code ferry-pin-timeout} and
 *                     messages "the pin service is closed", "closed the pin stream"
 * @param request      what one request is called ({@code "pin request"}); "too many pin requests at once" adds the s
 * @param answer       what one answer is called ({@code "pin reply"}): "malformed pin reply from …"
 * @param anAnswer     a bare answer with its article ({@code "a reply"}): "closed the pin stream without a reply"
 * @param noAnswer     the log line's opening when the handler gives no usable answer ({@code "pin handler returned
 *                     no reply"})
 * @param requestParam the request's parameter name in the public API ({@code "request"}), for its null check
 */
public record OneShotWords(String name, String request, String answer, String anAnswer, String noAnswer,
        String requestParam) {
    public OneShotWords {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(anAnswer, "anAnswer");
        Objects.requireNonNull(noAnswer, "noAnswer");
        Objects.requireNonNull(requestParam, "requestParam");
    }
}
