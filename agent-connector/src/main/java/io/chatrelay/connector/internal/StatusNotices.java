package io.chatrelay.connector.internal;

import io.chatrelay.events.AgentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one session's user is told live about the agent, besides its answers: the agent's own status frames
 * (typically "thinking"), held to the status rate, and that the agent is unavailable or back. Session loop only.
 */
final class StatusNotices {

  private static final Logger LOG = LoggerFactory.getLogger(StatusNotices.class);

  private final String sessionId;
  private final String userId;
  private final AgentType agentType;
  private final SessionContext ctx;
  private final StatusLimiter limiter;

  StatusNotices(PendingMessage first, SessionContext ctx) {
    this.sessionId = first.sessionId();
    this.userId = first.message().userId();
    this.agentType = first.agentType();
    this.ctx = ctx;
    this.limiter = new StatusLimiter(ctx.clock(), ctx.config().policy().statusPerSecond(),
        ctx.config().policy().statusBurst());
  }

  /** A status frame of the agent; dropped when the agent sends them faster than the status rate. */
  void agentStatus(AgentFrame frame) {
    if (limiter.tryAcquire()) {
      ctx.publishStatus(ctx.outcomes().agentStatus(sessionId, userId, agentType, frame));
    } else {
      LOG.debug("sessionId={} agent status frame dropped: over the status rate", sessionId);
      ctx.countRefusedFrame("status_rate_limited");
    }
  }

  void unavailable() {
    ctx.publishStatus(ctx.outcomes().unavailableStatus(sessionId, userId, agentType));
  }

  void available() {
    ctx.publishStatus(ctx.outcomes().availableStatus(sessionId, userId, agentType));
  }
}
