package io.chatrelay.edge.page.internal;

import java.util.concurrent.CompletionStage;

/** The logic of one page route; runs on a worker thread like an API endpoint (brief blocking reads are fine). */
@FunctionalInterface
public interface PageAction {

  CompletionStage<PageResult> handle(PageRequest request);
}
