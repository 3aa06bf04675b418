package io.scephub.jamf;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.ArrayList;
import java.util.List;

/**
 * The Classic API's XML documents. Mutable public-field classes, because jackson-dataformat-xml
 * binds wrapped lists and empty elements reliably only on fields; they never leave the module.
 */
final class JamfXml {
    private JamfXml() {
    }

    /** {@code <os_x_configuration_profile>}: a whole profile, or just {@code <id>} in write answers. */
    @JacksonXmlRootElement(localName = "os_x_configuration_profile")
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Profile {
        public Long id;
        public General general;
        public Scope scope;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class General {
        public Long id;
        public String name;
        public String description;
        public Ref site;
        public Ref category;
        @JsonProperty("distribution_method")
        public String distributionMethod;
        @JsonProperty("user_removable")
        public Boolean userRemovable;
        public String level;
        public String uuid;
        @JsonProperty("redeploy_on_update")
        public String redeployOnUpdate;
        /** The whole mobileconfig plist as text (escaped by the XML writer). */
        public String payloads;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Scope {
        @JsonProperty("all_computers")
        public Boolean allComputers;
        @JacksonXmlElementWrapper(localName = "computer_groups")
        @JacksonXmlProperty(localName = "computer_group")
        public List<Ref> computerGroups = new ArrayList<>();
        public Exclusions exclusions;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Exclusions {
        @JacksonXmlElementWrapper(localName = "computer_groups")
        @JacksonXmlProperty(localName = "computer_group")
        public List<Ref> computerGroups = new ArrayList<>();
    }

    /** An id and name pair (site, category, group, list entry). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Ref {
        public Long id;
        public String name;
        @JsonProperty("is_smart")
        public Boolean smart;

        Ref() {
        }

        Ref(Long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    @JacksonXmlRootElement(localName = "os_x_configuration_profiles")
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ProfileList {
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "os_x_configuration_profile")
        public List<Ref> profiles = new ArrayList<>();
    }

    @JacksonXmlRootElement(localName = "computer_groups")
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class GroupList {
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "computer_group")
        public List<Ref> groups = new ArrayList<>();
    }

    /** {@code <computer_group>} in full: its member computers (a Smart Group's as last calculated). */
    @JacksonXmlRootElement(localName = "computer_group")
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class GroupDetail {
        public Long id;
        public String name;
        @JsonProperty("is_smart")
        public Boolean smart;
        @JacksonXmlElementWrapper(localName = "computers")
        @JacksonXmlProperty(localName = "computer")
        public List<Ref> computers = new ArrayList<>();
    }

    /**
     * {@code <computer_group>} as a write sends it: a new static group (name, {@code is_smart} false), or a change of
     * a static group's members with {@code <computer_additions>} / {@code <computer_deletions>} (developer.jamf.com,
     * updatecomputergroupbyid), which leave the other members alone.
     */
    @JacksonXmlRootElement(localName = "computer_group")
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class GroupWrite {
        public String name;
        @JsonProperty("is_smart")
        public Boolean smart;
        public Ref site;
        @JsonProperty("computer_additions")
        public Computers additions;
        @JsonProperty("computer_deletions")
        public Computers deletions;
    }

    /** A list of {@code <computer>} entries (by id) inside one wrapper element. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Computers {
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "computer")
        public List<Ref> computers;

        Computers() {
        }

        Computers(List<Ref> computers) {
            this.computers = List.copyOf(computers);
        }
    }

    /**
     * {@code <webhook>} of the Classic {@code /webhooks} resource: a flat envelope (no {@code <general>}).
     * Fields as Jamf's own jamf/terraform-provider-jamfplatform {@code internal/resources/pro/webhook} sends them.
     */
    @JacksonXmlRootElement(localName = "webhook")
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Webhook {
        public Long id;
        public String name;
        public Boolean enabled;
        public String url;
        @JsonProperty("content_type")
        public String contentType;
        public String event;
        @JsonProperty("connection_timeout")
        public Long connectionTimeout;
        @JsonProperty("read_timeout")
        public Long readTimeout;
        @JsonProperty("authentication_type")
        public String authenticationType;
        public String username;
        /** Write only: Jamf answers a redaction sentinel on read. */
        public String password;
        /** {@code -1} = none: Classic's PUT merges, so an omitted element would keep a stored group. */
        @JsonProperty("smart_group_id")
        public Long smartGroupId;
    }

    @JacksonXmlRootElement(localName = "webhooks")
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class WebhookList {
        @JacksonXmlElementWrapper(useWrapping = false)
        @JacksonXmlProperty(localName = "webhook")
        public List<Ref> webhooks = new ArrayList<>();
    }
}
