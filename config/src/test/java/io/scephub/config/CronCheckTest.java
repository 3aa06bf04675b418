package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"0 */15 * * * *", "0 0 2 * * MON-FRI", "0 30 9 1,15 * ?", "0 0 0 L * *", "0 0 6 ? JAN-MAR 1#2", "*/30 * * * * *"})
    void acceptsSixFieldExpressionsTheSchedulerUnderstands(String cron) {
        assertThat(CronCheck.problem(cron)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/15 * * * *", "0 60 * * * *", "0 0 24 * * *", "0 0 0 ? * ?x", "0 */0 * * * *", "? * * * * *", "0 0 0 * 13 *"})
    void rejectsWrongFieldCountsRangesAndSyntax(String cron) {
        assertThat(CronCheck.problem(cron)).isPresent();
    }
}
