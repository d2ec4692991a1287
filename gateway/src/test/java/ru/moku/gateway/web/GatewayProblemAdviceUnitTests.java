package ru.moku.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class GatewayProblemAdviceUnitTests {

    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.post("/smev/inbound").build());

    @Test
    void anUnexpectedErrorIsA500ProblemThatRevealsNothingOfIt() {
        ProblemDetail problem = GatewayProblemAdvice.unexpectedProblem(
                new IllegalStateException("secret table smev.raw_message is broken"), exchange);

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getType()).isEqualTo(URI.create("https://moku-platform/problems/internal-error"));
        assertThat(problem.getDetail()).doesNotContain("secret").doesNotContain("IllegalStateException");
        assertThat(problem.getInstance()).isEqualTo(URI.create("/smev/inbound"));
    }

    @Test
    void aTransientFailureIsA503ProblemToRetryLater() {
        ProblemDetail problem = GatewayProblemAdvice.unexpectedProblem(
                new DataAccessResourceFailureException("connection refused"), exchange);

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getType()).isEqualTo(URI.create("https://moku-platform/problems/service-unavailable"));
        assertThat(problem.getDetail()).doesNotContain("connection refused");
    }
}
