package io.chatrelay.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the agent reported with a response, as in its protocol's {@code metadata}.
 *
 * @param agentType the persona that answered
 * @param confidence 0..1, or null when the agent did not say
 * @param processingTime milliseconds the agent spent, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentMetadata(AgentType agentType, Double confidence, Long processingTime) {}
