package ru.moku.enrichment.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import ru.moku.enrichment.EnrichmentApplication;
import ru.moku.runtime.testing.RunningService;

/**
 * The enrichment service against its own database and RabbitMQ names, pointed at an in-process Dadata
 * simulator. Closes the service before the simulator it calls.
 */
public final class EnrichmentUnderTest implements AutoCloseable {

    private final DadataSimulator dadata;
    private final RunningService service;

    private EnrichmentUnderTest(DadataSimulator dadata, RunningService service) {
        this.dadata = dadata;
        this.service = service;
    }

    /** Starts the simulator, then the service with {@code properties} on top of the simulator's address. */
    public static EnrichmentUnderTest start(Map<String, String> properties) {
        DadataSimulator dadata = DadataSimulator.start();
        try {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("moku.enrichment.dadata.base-url", dadata.baseUrl());
            all.putAll(properties);
            return new EnrichmentUnderTest(dadata,
                    RunningService.start(EnrichmentApplication.builder(), "enrichment", all));
        } catch (RuntimeException e) {
            dadata.close();
            throw e;
        }
    }

    /**
     * Starts it with fast retries (first backoff 20 ms) and a circuit that stays closed through a test's deliberate
     * failures, in whatever order the tests run (1,000 calls before it may judge), plus {@code properties}.
     */
    public static EnrichmentUnderTest startWithClosedCircuit(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(Map.of(
                "moku.enrichment.resilience.first-backoff", "20ms",
                "moku.enrichment.resilience.minimum-calls", "1000",
                "moku.enrichment.resilience.sliding-window-size", "1000"));
        all.putAll(properties);
        return start(all);
    }

    public DadataSimulator dadata() {
        return dadata;
    }

    public RunningService service() {
        return service;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            dadata.close();
        }
    }
}
