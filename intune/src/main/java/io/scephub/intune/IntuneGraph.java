package io.scephub.intune;

import io.scephub.core.text.DisplayName;
import com.microsoft.graph.beta.devicemanagement.deviceconfigurations.item.assign.AssignPostRequestBody;
import com.microsoft.graph.beta.devicemanagement.deviceconfigurations.item.assign.AssignPostResponse;
import com.microsoft.graph.beta.models.BaseCollectionPaginationCountResponse;
import com.microsoft.graph.beta.models.DeviceConfiguration;
import com.microsoft.graph.beta.models.DeviceConfigurationAssignment;
import com.microsoft.graph.beta.models.DeviceConfigurationAssignmentCollectionResponse;
import com.microsoft.graph.beta.models.DeviceConfigurationCollectionResponse;
import com.microsoft.graph.beta.models.DeviceConfigurationDeviceStatus;
import com.microsoft.graph.beta.models.DeviceConfigurationDeviceStatusCollectionResponse;
import com.microsoft.graph.beta.models.ManagedDevice;
import com.microsoft.graph.beta.models.ManagedDeviceCollectionResponse;
import com.microsoft.graph.beta.models.Group;
import com.microsoft.graph.beta.models.GroupCollectionResponse;
import com.microsoft.graph.beta.models.ReferenceUpdate;
import com.microsoft.graph.beta.models.odataerrors.ODataError;
import com.microsoft.graph.beta.serviceclient.GraphServiceClient;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import io.scephub.core.error.VendorError;
import io.scephub.core.model.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Graph calls the connector makes, on the typed beta SDK, each turning SDK failures into
 * {@link VendorError}. Graph model types stay inside this module.
 */
final class IntuneGraph {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphServiceClient graph;
    private final RequestAdapter adapter;
    private final String graphBaseUrl;
    private final GraphBatch batch;

    IntuneGraph(GraphServiceClient graph, RequestAdapter adapter, String graphBaseUrl, GraphBatch batch) {
        this.graph = graph;
        this.adapter = adapter;
        this.graphBaseUrl = graphBaseUrl;
        this.batch = batch;
    }

    String graphBaseUrl() {
        return graphBaseUrl;
    }

    /**
     * Every device configuration (id, type, name, description and its assignments), following
     * {@code @odata.nextLink}: one call per {@value GraphPaths#LIST_TOP} configurations however many
     * scephub owns. {@code assignments} is a navigation property of the base type, so it expands here.
     */
    List<DeviceConfiguration> listConfigurations() {
        return allPages("list device configurations",
                () -> graph.deviceManagement().deviceConfigurations().get(rc -> {
                    rc.queryParameters.select = GraphPaths.LIST_SELECT;
                    rc.queryParameters.expand = new String[]{GraphPaths.ASSIGNMENTS};
                    rc.queryParameters.top = GraphPaths.LIST_TOP;
                }),
                next -> graph.deviceManagement().deviceConfigurations().withUrl(next).get(),
                DeviceConfigurationCollectionResponse::getValue);
    }

    /**
     * One configuration in full. A SCEP profile ({@code scepPlatform} present) is read with
     * {@code $expand=microsoft.graph.<type>/rootCertificate}: a plain GET does not return the link,
     * and {@code rootCertificate} exists only on the derived SCEP types, so the expand needs the cast.
     */
    Optional<DeviceConfiguration> configuration(String id, Optional<Platform> scepPlatform) {
        return optional(() -> call("read device configuration " + id,
                () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(id).get(rc ->
                        scepPlatform.ifPresent(platform -> rc.queryParameters.expand = new String[]{GraphPaths.rootCertificateExpand(platform)}))));
    }

    /**
     * Several configurations in full through {@code $batch} (20 per call), each read as
     * {@link #configuration} reads one; ids Graph no longer knows are left out.
     */
    Map<String, DeviceConfiguration> configurations(Map<String, Optional<Platform>> scepPlatformById) {
        return getEach(new ArrayList<>(scepPlatformById.keySet()), id -> GraphPaths.configurationPath(id)
                        + scepPlatformById.get(id).map(p -> "?$expand=" + GraphPaths.rootCertificateExpand(p)).orElse(""),
                "device configuration", DeviceConfiguration::createFromDiscriminatorValue);
    }

    /** One GET per id in {@code $batch} calls, answers in the ids' order; ids Graph no longer knows (404) are left out. */
    private <T extends Parsable> Map<String, T> getEach(List<String> ids, java.util.function.UnaryOperator<String> path,
                                                        String what, ParsableFactory<T> factory) {
        List<GraphBatch.Step> steps = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            steps.add(GraphBatch.Step.get(Integer.toString(i), path.apply(ids.get(i))));
        }
        Map<String, GraphBatch.Answer> answers = batch.send(steps, "read " + what + "s");
        Map<String, T> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            GraphBatch.Answer answer = answers.get(Integer.toString(i));
            if (answer.status() == 404) {
                continue;
            }
            if (!answer.ok()) {
                throw answer.error("read " + what + " " + ids.get(i));
            }
            out.put(ids.get(i), answer.as(factory));
        }
        return out;
    }

    /** The rest of an expanded assignments collection Graph paged ({@code assignments@odata.nextLink}). */
    List<DeviceConfigurationAssignment> moreAssignments(String configurationId, String nextLink) {
        List<DeviceConfigurationAssignment> all = new ArrayList<>();
        String next = nextLink;
        while (next != null && !next.isBlank()) {
            String url = next;
            DeviceConfigurationAssignmentCollectionResponse page = call("read assignments of " + configurationId + " (next page)",
                    () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(configurationId)
                            .assignments().withUrl(url).get());
            if (page == null) {
                break;
            }
            if (page.getValue() != null) {
                all.addAll(page.getValue());
            }
            next = page.getOdataNextLink();
        }
        return all;
    }

    /**
     * Groups by display name through {@code $batch}: for each name, every group Entra matches
     * (Entra compares display names case-insensitively).
     */
    Map<String, List<Group>> groupsNamed(Collection<String> displayNames) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(displayNames));
        List<GraphBatch.Step> steps = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            steps.add(GraphBatch.Step.get(Integer.toString(i), GraphPaths.groupsByNamePath(names.get(i)),
                    "group " + DisplayName.quote(names.get(i))));
        }
        Map<String, GraphBatch.Answer> answers = batch.send(steps, "find groups by name");
        Map<String, List<Group>> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            GraphBatch.Answer answer = answers.get(Integer.toString(i));
            if (!answer.ok()) {
                throw answer.error("find group " + DisplayName.quote(names.get(i)));
            }
            GroupCollectionResponse page = answer.as(GroupCollectionResponse::createFromDiscriminatorValue);
            out.put(names.get(i), page == null || page.getValue() == null ? List.of() : page.getValue());
        }
        return out;
    }

    /**
     * Entra device objects by display name through {@code $batch} ({@code GET /devices?$filter=displayName eq '…'}):
     * for each name, every device Entra matches.
     */
    Map<String, List<com.microsoft.graph.beta.models.Device>> devicesNamed(Collection<String> displayNames) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(displayNames));
        List<GraphBatch.Step> steps = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            steps.add(GraphBatch.Step.get(Integer.toString(i), GraphPaths.devicesByNamePath(names.get(i)),
                    "device " + DisplayName.quote(names.get(i))));
        }
        Map<String, GraphBatch.Answer> answers = steps.isEmpty() ? Map.of() : batch.send(steps, "find devices by name");
        Map<String, List<com.microsoft.graph.beta.models.Device>> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            GraphBatch.Answer answer = answers.get(Integer.toString(i));
            if (!answer.ok()) {
                throw answer.error("find device " + DisplayName.quote(names.get(i)));
            }
            com.microsoft.graph.beta.models.DeviceCollectionResponse page =
                    answer.as(com.microsoft.graph.beta.models.DeviceCollectionResponse::createFromDiscriminatorValue);
            out.put(names.get(i), page == null || page.getValue() == null ? List.of() : page.getValue());
        }
        return out;
    }

    /** Groups whose display name is {@code displayName}, with their description (where scephub's marker sits). */
    List<Group> groupsNamedWithDescription(String displayName) {
        GroupCollectionResponse page = call("find group \"" + displayName + "\"", () -> graph.groups().get(rc -> {
            rc.queryParameters.filter = GraphPaths.groupByNameFilter(displayName);
            rc.queryParameters.select = GraphPaths.OWNED_GROUP_SELECT;
        }));
        return page == null || page.getValue() == null ? List.of() : page.getValue();
    }

    /**
     * Groups whose display name starts with {@code prefix}, with their description, following {@code @odata.nextLink}:
     * how the renewal waves' groups are found when their profile version is gone.
     */
    List<Group> groupsNamedStartingWith(String prefix) {
        return allPages("find groups named \"" + prefix + "…\"", () -> graph.groups().get(rc -> {
                    rc.queryParameters.filter = GraphPaths.groupNamePrefixFilter(prefix);
                    rc.queryParameters.select = GraphPaths.OWNED_GROUP_SELECT;
                }),
                next -> graph.groups().withUrl(next).get(),
                GroupCollectionResponse::getValue);
    }

    /** Creates a security group ({@code POST /groups}); Graph answers with the group, id included. */
    Group createGroup(Group body) {
        Group created = call("create group " + DisplayName.quote(body.getDisplayName()), () -> graph.groups().post(body));
        if (created == null || created.getId() == null) {
            throw new VendorError("intune", 0, null, null, "create group " + DisplayName.quote(body.getDisplayName()) + ": Graph returned no id");
        }
        return created;
    }

    /** A group's direct members (id and display name), following {@code @odata.nextLink}. */
    List<com.microsoft.graph.beta.models.DirectoryObject> members(String groupId) {
        List<com.microsoft.graph.beta.models.DirectoryObject> all = new ArrayList<>();
        com.microsoft.graph.beta.models.DirectoryObjectCollectionResponse page = call("list members of group " + groupId,
                () -> graph.groups().byGroupId(groupId).members().get(rc -> {
                    rc.queryParameters.select = GraphPaths.MEMBER_SELECT;
                    rc.queryParameters.top = GraphPaths.MEMBERS_TOP;
                }));
        while (page != null) {
            if (page.getValue() != null) {
                all.addAll(page.getValue());
            }
            String next = page.getOdataNextLink();
            if (next == null || next.isBlank()) {
                break;
            }
            page = call("list members of group " + groupId + " (next page)",
                    () -> graph.groups().byGroupId(groupId).members().withUrl(next).get());
        }
        return all;
    }

    /** Adds up to 20 directory objects to a group in one {@code PATCH /groups/{id}} with {@code members@odata.bind}. */
    void addMembers(String groupId, List<String> objectIds) {
        Group body = new Group();
        Map<String, Object> additional = new HashMap<>();
        additional.put(GraphPaths.MEMBERS_BIND, objectIds.stream().map(id -> GraphPaths.directoryObjectUrl(graphBaseUrl, id)).toList());
        body.setAdditionalData(additional);
        call("add " + objectIds.size() + " members to group " + groupId, () -> {
            graph.groups().byGroupId(groupId).patch(body);
            return Boolean.TRUE;
        });
    }

    /** Removes one member ({@code DELETE /groups/{id}/members/{member}/$ref}). */
    void removeMember(String groupId, String objectId) {
        call("remove member " + objectId + " from group " + groupId, () -> {
            graph.groups().byGroupId(groupId).members().byDirectoryObjectId(objectId).ref().delete();
            return Boolean.TRUE;
        });
    }

    /** Deletes a group ({@code DELETE /groups/{id}}); one that is already gone counts as deleted. */
    void deleteGroup(String groupId) {
        optional(() -> call("delete group " + groupId, () -> {
            graph.groups().byGroupId(groupId).delete();
            return Boolean.TRUE;
        }));
    }

    /** Groups by id through {@code $batch}; ids Entra no longer knows are left out. */
    Map<String, Group> groups(Collection<String> ids) {
        return getEach(new ArrayList<>(new LinkedHashSet<>(ids)), GraphPaths::groupPath, "group", Group::createFromDiscriminatorValue);
    }

    DeviceConfiguration create(DeviceConfiguration body, String what) {
        DeviceConfiguration created = call("create " + what,
                () -> graph.deviceManagement().deviceConfigurations().post(body));
        if (created == null || created.getId() == null) {
            throw new VendorError("intune", 0, null, null, "create " + what + ": Graph returned no id");
        }
        return created;
    }

    void patch(String id, DeviceConfiguration body) {
        call("update device configuration " + id,
                () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(id).patch(body));
    }

    /** Deletes; a configuration that is already gone counts as deleted. */
    void delete(String id) {
        optional(() -> {
            call("delete device configuration " + id, () -> {
                graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(id).delete();
                return Boolean.TRUE;
            });
            return Boolean.TRUE;
        });
    }

    /** Points a SCEP profile at another trusted root through its navigation link (the SDK has no builder for it). */
    void setRootCertificate(String scepProfileId, Platform platform, String trustedRootId) {
        RequestInformation request = new RequestInformation();
        request.httpMethod = HttpMethod.PUT;
        request.setUri(URI.create(GraphPaths.rootCertificateRef(graphBaseUrl, scepProfileId, platform)));
        request.headers.tryAdd("Accept", "application/json");
        ReferenceUpdate reference = new ReferenceUpdate();
        reference.setOdataId(GraphPaths.configurationUrl(graphBaseUrl, trustedRootId));
        request.setContentFromParsable(adapter, "application/json", reference);
        HashMap<String, ParsableFactory<? extends Parsable>> errors = new HashMap<>();
        errors.put("XXX", ODataError::createFromDiscriminatorValue);
        call("link SCEP profile " + scepProfileId + " to trusted root " + trustedRootId,
                () -> adapter.sendPrimitive(request, errors, Void.class));
    }

    List<DeviceConfigurationAssignment> assignments(String configurationId) {
        List<DeviceConfigurationAssignment> all = new ArrayList<>();
        DeviceConfigurationAssignmentCollectionResponse page = call("read assignments of " + configurationId,
                () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(configurationId)
                        .assignments().get());
        while (page != null) {
            if (page.getValue() != null) {
                all.addAll(page.getValue());
            }
            String next = page.getOdataNextLink();
            if (next == null || next.isBlank()) {
                break;
            }
            page = call("read assignments of " + configurationId + " (next page)",
                    () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(configurationId)
                            .assignments().withUrl(next).get());
        }
        return all;
    }

    /**
     * Replaces the whole assignment set of a configuration ({@code /assign} is not additive) and
     * returns the set Graph answers with, so no read-back is needed.
     */
    List<DeviceConfigurationAssignment> assign(String configurationId, List<DeviceConfigurationAssignment> assignments) {
        AssignPostRequestBody body = new AssignPostRequestBody();
        body.setAssignments(assignments);
        AssignPostResponse response = call("assign device configuration " + configurationId,
                () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(configurationId)
                        .assign().post(body));
        return response == null || response.getValue() == null ? List.of() : response.getValue();
    }

    /** Groups whose display name equals {@code displayName} (Entra compares case-insensitively). */
    List<Group> groupsNamed(String displayName) {
        GroupCollectionResponse page = call("find group \"" + displayName + "\"", () -> graph.groups().get(rc -> {
            rc.queryParameters.filter = GraphPaths.groupByNameFilter(displayName);
            rc.queryParameters.select = GraphPaths.GROUP_SELECT;
        }));
        return page == null || page.getValue() == null ? List.of() : page.getValue();
    }

    Optional<Group> group(String id) {
        return optional(() -> call("read group " + id,
                () -> graph.groups().byGroupId(id).get(rc -> rc.queryParameters.select = GraphPaths.GROUP_SELECT)));
    }

    /** Managed devices matching an OData filter built by {@link GraphPaths} (first page only: a name or serial matches few). */
    List<ManagedDevice> managedDevices(String filter) {
        ManagedDeviceCollectionResponse page = call("find managed devices (" + filter + ")",
                () -> graph.deviceManagement().managedDevices().get(rc -> rc.queryParameters.filter = filter));
        return page == null || page.getValue() == null ? List.of() : page.getValue();
    }

    /**
     * Every certificate state of a SCEP profile, following {@code @odata.nextLink}, as raw JSON
     * objects: the SDK has no collection type for this navigation, and only a few fields are needed.
     */
    List<JsonNode> certificateStates(String scepProfileId, Platform platform) {
        List<JsonNode> all = new ArrayList<>();
        certificateStates(scepProfileId, platform, all::add);
        return all;
    }

    /** As {@link #certificateStates(String, Platform)}, handing each state to {@code sink} as its page arrives. */
    void certificateStates(String scepProfileId, Platform platform, java.util.function.Consumer<JsonNode> sink) {
        new GraphPager(this::openJson).each(GraphPaths.certificateStates(graphBaseUrl, scepProfileId, platform),
                "read certificate states of " + scepProfileId, sink);
    }

    /**
     * As {@link #deviceStatuses(String, java.util.function.Consumer)}, as raw JSON objects: a fleet of 100,000 devices
     * is 100 pages, and reading them without the SDK's models (a backing store per item) is what keeps the read cheap.
     */
    void deviceStatusesJson(String configurationId, java.util.function.Consumer<JsonNode> sink) {
        new GraphPager(this::openJson).each(GraphPaths.deviceStatuses(graphBaseUrl, configurationId),
                "read device statuses of " + configurationId, sink);
    }

    /** Every device status of a configuration (device name, status, last report), following paging. */
    List<DeviceConfigurationDeviceStatus> deviceStatuses(String configurationId) {
        List<DeviceConfigurationDeviceStatus> all = new ArrayList<>();
        deviceStatuses(configurationId, all::add);
        return all;
    }

    /** As {@link #deviceStatuses(String)}, handing each status to {@code sink} as its page arrives. */
    void deviceStatuses(String configurationId, java.util.function.Consumer<DeviceConfigurationDeviceStatus> sink) {
        DeviceConfigurationDeviceStatusCollectionResponse page = call("read device statuses of " + configurationId,
                () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(configurationId).deviceStatuses().get());
        while (page != null) {
            if (page.getValue() != null) {
                page.getValue().forEach(sink);
            }
            String next = page.getOdataNextLink();
            if (next == null || next.isBlank()) {
                break;
            }
            page = call("read device statuses of " + configurationId + " (next page)",
                    () -> graph.deviceManagement().deviceConfigurations().byDeviceConfigurationId(configurationId)
                            .deviceStatuses().withUrl(next).get());
        }
    }

    /**
     * The app registration scephub signs in as, by its client id ({@code GET /applications(appId='{id}')}),
     * without {@code $select}: then Graph leaves the public key out of {@code keyCredentials} and the
     * lower throttling limit of a {@code $select=keyCredentials} read does not apply (Graph's
     * "Get application" page). Needs {@code Application.Read.All}.
     */
    JsonNode application(String appId) {
        return getJson(GraphPaths.application(graphBaseUrl, appId), "read the app registration " + appId);
    }

    /**
     * A GET through the connector's client whose JSON body the caller reads (and closes) as it arrives; failures as
     * {@link VendorError}. No body at all is an empty stream.
     */
    private InputStream openJson(String url, String action) {
        RequestInformation request = jsonGet(url);
        HashMap<String, ParsableFactory<? extends Parsable>> errors = odataErrors();
        InputStream body = call(action, () -> adapter.sendPrimitive(request, errors, InputStream.class));
        return body == null ? InputStream.nullInputStream() : body;
    }

    private JsonNode getJson(String url, String action) {
        RequestInformation request = jsonGet(url);
        HashMap<String, ParsableFactory<? extends Parsable>> errors = odataErrors();
        return call(action, () -> {
            try (InputStream body = adapter.sendPrimitive(request, errors, InputStream.class)) {
                return body == null ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable JSON from Graph: " + e.getMessage(), e);
            }
        });
    }

    /** A GET of {@code url} that asks for JSON, as both raw-JSON reads send it. */
    private static RequestInformation jsonGet(String url) {
        RequestInformation request = new RequestInformation();
        request.httpMethod = HttpMethod.GET;
        request.setUri(URI.create(url));
        request.headers.tryAdd("Accept", "application/json");
        return request;
    }

    /** Any error status read as Graph's OData error, so a failure carries Graph's code and message. */
    private static HashMap<String, ParsableFactory<? extends Parsable>> odataErrors() {
        HashMap<String, ParsableFactory<? extends Parsable>> errors = new HashMap<>();
        errors.put("XXX", ODataError::createFromDiscriminatorValue);
        return errors;
    }

    /** Every item of a Graph collection: the first page, then each {@code @odata.nextLink} until Graph gives none. */
    private static <P extends BaseCollectionPaginationCountResponse, T> List<T> allPages(String action, Supplier<P> first,
            Function<String, P> nextPage, Function<P, List<T>> items) {
        List<T> all = new ArrayList<>();
        P page = call(action, first);
        while (page != null) {
            List<T> value = items.apply(page);
            if (value != null) {
                all.addAll(value);
            }
            String next = page.getOdataNextLink();
            if (next == null || next.isBlank()) {
                break;
            }
            page = call(action + " (next page)", () -> nextPage.apply(next));
        }
        return all;
    }

    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw GraphErrors.toVendorError(action, e);
        }
    }

    /** Empty on 404; every other failure propagates. */
    private static <T> Optional<T> optional(Supplier<T> request) {
        try {
            return Optional.ofNullable(request.get());
        } catch (VendorError e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
