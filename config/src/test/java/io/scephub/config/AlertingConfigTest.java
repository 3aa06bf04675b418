package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.model.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingConfigTest {
    @TempDir
    Path dir;

    final ConfigLoader loader = new ConfigLoader(FakeProviders.all());

    @Test
    void withoutTheSectionsDriftIsRepairedNobodyIsToldAndExpiriesShowAMonthAhead() {
        Alerting alerting = loader.load(write(ConfigLoaderTest.minimal(""))).alerting();

        assertThat(alerting).isEqualTo(Alerting.DEFAULTS);
        assertThat(alerting.modeOf("anything")).isEqualTo(DriftMode.REMEDIATE);
        assertThat(alerting.expiryWarning()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theGlobalModeTheEnrollmentModesTargetsAndWarningAreRead() {
        Alerting alerting = loader.load(write(ConfigLoaderTest.minimal("""
                sync:
                  driftMode: report
                expiry:
                  warnBefore: 14d
                notifications:
                  - name: siem
                    type: generic
                    url: https://hooks.example.com/scephub
                    secret: ${env:HOOK_KEY}
                    events: [ drift, sync-failed ]
                  - name: ops-slack
                    type: slack
                    url: ${env:SLACK_URL}
                  - name: ops-teams
                    type: teams
                    url: ${file:teams-url}
                    events: [ expiry ]
                """ + ConfigLoaderTest.wsOne("""
                  - name: win-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups: { include: [ "All Windows" ] }
                    driftMode: alert
                """)))).alerting();

        assertThat(alerting.driftMode()).isEqualTo(DriftMode.REPORT);
        assertThat(alerting.modeOf("win-ws1")).isEqualTo(DriftMode.ALERT);
        assertThat(alerting.modeOf("other")).isEqualTo(DriftMode.REPORT);
        assertThat(alerting.expiryWarning()).isEqualTo(Duration.ofDays(14));
        assertThat(alerting.notifications()).containsExactly(
                new NotificationTarget("siem", NotificationTarget.Kind.GENERIC,
                        new NotificationTarget.Address.Literal("https://hooks.example.com/scephub"),
                        Optional.of(new SecretRef(SecretRef.Source.ENV, "HOOK_KEY")),
                        EnumSet.of(NotificationEvent.DRIFT, NotificationEvent.SYNC_FAILED)),
                new NotificationTarget("ops-slack", NotificationTarget.Kind.SLACK,
                        new NotificationTarget.Address.Reference(new SecretRef(SecretRef.Source.ENV, "SLACK_URL")), Optional.empty(),
                        EnumSet.allOf(NotificationEvent.class)),
                new NotificationTarget("ops-teams", NotificationTarget.Kind.TEAMS,
                        new NotificationTarget.Address.Reference(new SecretRef(SecretRef.Source.FILE, "teams-url")), Optional.empty(),
                        EnumSet.of(NotificationEvent.EXPIRY)));
    }

    @Test
    void mistakesAreLocatedAndASlackUrlWrittenOutIsRefusedWithoutQuotingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(ConfigLoaderTest.minimal("""
                sync:
                  driftMode: repair
                notifications:
                  - name: ops-slack
                    type: slack
                    url: https://hooks.slack.com/services/T000/B000/canary-slack-XYZ
                    secret: ${env:NOT_FOR_SLACK}
                  - name: ops-slack
                    type: generic
                    url: ${env:HOOK}
                    events: [ drift, expired ]
                  - type: pager
                """))));

        assertThat(e).isNotNull();
        List<String> problems = e.problems().stream().map(ConfigProblem::render).toList();
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).isEqualTo("scephub.yaml:7:14: sync.driftMode: \"repair\" is not one of remediate, report, alert"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:11:10: notifications[0].url: a slack webhook URL carries its"
                        + " credential; give it by reference"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:12:5: notifications[0].secret: is only used with type: generic"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:13:11: notifications[1].name: \"ops-slack\" is used by another"))
                .anySatisfy(p -> assertThat(p).contains("notifications[1].secret: missing"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:16:22: notifications[1].events[1]: \"expired\" is not one of"
                        + " drift, sync-failed, expiry"))
                .anySatisfy(p -> assertThat(p).startsWith("scephub.yaml:17:11: notifications[2].type: \"pager\" is not one of generic,"
                        + " slack, teams"))
                .anySatisfy(p -> assertThat(p).contains("notifications[2].name: missing"))
                .anySatisfy(p -> assertThat(p).contains("notifications[2].url: missing"));
        assertThat(String.join("\n", problems)).doesNotContain("canary-slack-XYZ");
    }

    @Test
    void anEnrollmentsDriftModeIsCheckedAtItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(ConfigLoaderTest.minimal(
                ConfigLoaderTest.wsOne("""
                  - name: win-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups: { include: [ "All Windows" ] }
                    driftMode: alarm
                """)))));

        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::render))
                .anySatisfy(p -> assertThat(p).isEqualTo("scephub.yaml:21:16: enrollments[0].driftMode: \"alarm\" is not one of remediate,"
                        + " report, alert"));
    }

    @Test
    void webhookReferencesAreCheckedWithTheOtherSecrets() {
        ScephubConfig config = loader.load(write(ConfigLoaderTest.minimal("""
                notifications:
                  - name: siem
                    type: generic
                    url: ${env:HOOK_URL}
                    secret: ${env:HOOK_KEY}
                """)));
        var secrets = new EnvFileSecrets(java.util.Map.of("OKTA_API_TOKEN", "x"), dir);

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> secrets.checkAll(config));

        assertThat(failure).hasMessageContaining("notifications[0].url ${env:HOOK_URL}")
                .hasMessageContaining("notifications[0].secret ${env:HOOK_KEY}");
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("scephub.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
