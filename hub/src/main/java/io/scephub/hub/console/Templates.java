package io.scephub.hub.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The console's Mustache templates (classpath {@code io/scephub/hub/console/templates}); {@code {{x}}} escapes HTML. */
final class Templates {
    private static final String ROOT = "io/scephub/hub/console/templates";
    private final MustacheFactory factory = new DefaultMustacheFactory(ROOT);
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

    /** Renders page {@code name} with the layout's values and the page's, page values first. */
    String render(String name, ConsoleViews.Layout layout, Object page) {
        Mustache mustache = compiled.computeIfAbsent(name, n -> factory.compile(n + ".mustache"));
        StringWriter out = new StringWriter();
        mustache.execute(out, List.of(layout, page));
        return out.toString();
    }
}
