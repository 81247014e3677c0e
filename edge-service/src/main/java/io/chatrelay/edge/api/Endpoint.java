package io.chatrelay.edge.api;

import java.util.concurrent.CompletionStage;

/**
 * The logic of one route. Runs on a worker thread, so it may block briefly (Redis reads); slow waits (Kafka
 * acknowledgement, read-your-writes) are returned as a stage instead of blocking. Refusals are thrown or returned
 * as {@link Problem}s.
 */
@FunctionalInterface
public interface Endpoint {

  CompletionStage<Reply> handle(ApiRequest request);
}
