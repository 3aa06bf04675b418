package io.scephub.sandbox;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * Turns every request WireMock receives on one port into a simulator call: fault rules first
 * (a status or reset fault never reaches the simulator, so it changes no state; a delay or a
 * reset-after-processing does), then the simulator, then the journal.
 */
final class SimulatorTransformer implements ResponseDefinitionTransformerV2 {

    private static final Logger log = LoggerFactory.getLogger(SimulatorTransformer.class);

    private final String name;
    private final VendorSimulator simulator;
    private final Faults faults;
    private final RequestJournal journal;
    private final Clock clock;

    SimulatorTransformer(String name, VendorSimulator simulator, Faults faults, RequestJournal journal, Clock clock) {
        this.name = name;
        this.simulator = simulator;
        this.faults = faults;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request wireRequest = serveEvent.getRequest();
        byte[] bodyBytes = wireRequest.getBody();
        SimRequest request = SimRequest.of(wireRequest.getMethod().getName(), wireRequest.getUrl(),
                wireRequest::getHeader, bodyBytes);
        var arrived = clock.instant();
        Vendor vendor = simulator.vendorOf(request);
        Optional<Fault> fault = faults.next(vendor, simulator.isCreate(request));
        ResponseDefinition definition;
        int status;
        boolean faulted = fault.isPresent() && !(fault.get() instanceof Fault.Delay);
        if (fault.isPresent() && fault.get() instanceof Fault.ConnectionReset) {
            status = 0;
            definition = reset();
        } else if (fault.isPresent() && fault.get() instanceof Fault.ResetAfterProcessing) {
            // The journal keeps the status the simulator answered, so tests can see what really happened.
            status = simulator.handle(request).status();
            definition = reset();
        } else if (fault.isPresent() && fault.get() instanceof Fault.LostAnswer lost) {
            // Done, then answered with an error: the journal keeps the simulator's status, as for a reset after processing.
            status = simulator.handle(request).status();
            definition = toDefinition(simulator.faultResponse(vendor, lost.answer()), 0);
        } else if (fault.isPresent() && fault.get() instanceof Fault.ForeignAnswer foreign) {
            SimResponse created = foreign.created() ? simulator.handle(request) : null;
            // Answered with the foreign object only when the create itself would have succeeded.
            Optional<SimResponse> answer = created == null || created.isSuccess() ? simulator.foreignAnswer(request) : Optional.empty();
            SimResponse response = answer.orElseGet(() -> created != null ? created : simulator.handle(request));
            faulted = answer.isPresent();
            status = response.status();
            definition = toDefinition(response, 0);
        } else if (fault.isPresent() && fault.get() instanceof Fault.Status statusFault) {
            SimResponse response = simulator.faultResponse(vendor, statusFault);
            status = response.status();
            definition = toDefinition(response, 0);
        } else {
            SimResponse response = simulator.handle(request);
            status = response.status();
            int delayMillis = fault.map(f -> (int) ((Fault.Delay) f).delay().toMillis()).orElse(0);
            definition = toDefinition(response, delayMillis);
        }
        journal.record(new RecordedRequest(arrived, vendor, request.method(), request.path(), request.rawQuery(),
                status, faulted, request.header("client-request-id").orElse(""), request.header("Authorization").orElse("")));
        log.debug("sandbox vendor={} method={} path={} status={} faulted={}", vendor, request.method(),
                request.path(), status, faulted);
        return definition;
    }

    private static ResponseDefinition reset() {
        return responseDefinition().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
    }

    private static ResponseDefinition toDefinition(SimResponse response, int delayMillis) {
        List<HttpHeader> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            headers.add(new HttpHeader(header.getKey(), header.getValue()));
        }
        var builder = responseDefinition().withStatus(response.status()).withHeaders(new HttpHeaders(headers));
        if (response.binary() != null) {
            builder = builder.withBody(response.binary());
        } else if (!response.body().isEmpty()) {
            builder = builder.withBody(response.body());
        }
        if (delayMillis > 0) {
            builder = builder.withFixedDelay(delayMillis);
        }
        return builder.build();
    }
}
