package io.scephub.okta;

import io.scephub.core.http.HttpSettings;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import java.util.List;
import java.util.Optional;

/** The {@code okta} section of scephub.yaml: its schema, and the typed values once validated. */
record OktaSettings(String orgUrl, Auth auth) {
    static final String SECTION = "okta";
    static final String ORG_URL = "orgUrl";
    static final String AUTH = "auth";
    static final String API_TOKEN = "auth.apiToken";
    static final String OAUTH = "auth.oauth";
    static final String CLIENT_ID = "auth.oauth.clientId";
    static final String PRIVATE_KEY = "auth.oauth.privateKey";
    static final String KEY_ID = "auth.oauth.keyId";
    static final String SCOPES = "auth.oauth.scopes";
    static final String MANAGE = OktaConsole.MANAGE;
    /** The scope of the certificateAuthorities routes, as a real org's authorization server lists it (see README). */
    static final List<String> DEFAULT_SCOPES = List.of("okta.certificateAuthorities.manage");

    /** How scephub authenticates to Okta. */
    sealed interface Auth permits ApiToken, OAuth {
    }

    /** An API token, sent as {@code Authorization: SSWS …}. */
    record ApiToken(SecretRef token) implements Auth {
    }

    /** An API service app with {@code private_key_jwt} client authentication. */
    record OAuth(String clientId, SecretRef privateKey, Optional<String> keyId, List<String> scopes) implements Auth {
        OAuth {
            scopes = List.copyOf(scopes);
        }
    }

    static SettingsSchema schema() {
        List<SettingDef> settings = new java.util.ArrayList<>(List.of(
                SettingDef.required(ORG_URL, SettingType.URL, "The Okta org URL, e.g. https://example.okta.com (not the -admin URL)."),
                SettingDef.withDefault(MANAGE, SettingType.STRING, OktaConsole.MODE_API, "api: scephub creates the SCEP configurations "
                        + "through Okta's API; console: admins add them in the Okta Admin Console and each enrollment's okta: block "
                        + "references what the console showed (no auth needed then). An enrollment's okta.manage overrides it.")
                        .oneOf(OktaConsole.MODE_API, OktaConsole.MODE_CONSOLE),
                SettingDef.optional(API_TOKEN, SettingType.SECRET, "API token (sent as SSWS). Give this or auth.oauth, not both."),
                SettingDef.optional(CLIENT_ID, SettingType.STRING, "Client id of the Okta API service app (private_key_jwt)."),
                SettingDef.optional(PRIVATE_KEY, SettingType.SECRET, "The service app's private key: PEM PKCS#8, RSA or EC."),
                SettingDef.optional(KEY_ID, SettingType.STRING, "The key's kid as registered in Okta, when the app has several keys."),
                SettingDef.withDefault(SCOPES, SettingType.STRING_LIST, DEFAULT_SCOPES, "OAuth scopes requested for the access token.")));
        settings.addAll(HttpSettings.definitions("Okta: 100 requests per minute, the lowest per-endpoint org limit of the endpoints scephub calls"));
        return new SettingsSchema(SECTION, "Okta org and how scephub authenticates to its admin API.", settings);
    }

    static boolean hasApiToken(ConnectorSettings settings) {
        return settings.has(API_TOKEN);
    }

    static boolean hasOAuth(ConnectorSettings settings) {
        return settings.has(CLIENT_ID) || settings.has(PRIVATE_KEY) || settings.has(KEY_ID);
    }

    /** The typed settings; call after validation (missing pieces throw naming the key). */
    static OktaSettings from(ConnectorSettings settings) {
        Auth auth;
        if (hasApiToken(settings)) {
            auth = new ApiToken(settings.secret(API_TOKEN));
        } else {
            List<String> scopes = settings.has(SCOPES) ? settings.list(SCOPES) : DEFAULT_SCOPES;
            auth = new OAuth(settings.string(CLIENT_ID), settings.secret(PRIVATE_KEY), settings.optionalString(KEY_ID), scopes);
        }
        return new OktaSettings(settings.string(ORG_URL), auth);
    }
}
