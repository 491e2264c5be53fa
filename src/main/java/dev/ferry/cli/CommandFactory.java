package dev.ferry.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects, handing the {@link FerryCli.CliEnv} to those whose constructor asks for it, and the run's
 * {@link OutputEncoding} as well to those that take both. One factory per command line, so all share one encoding.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final FerryCli.CliEnv env;
    private final OutputEncoding encoding;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(FerryCli.CliEnv env) {
        this(env, new OutputEncoding());
    }

    CommandFactory(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.env = env;
        this.encoding = encoding;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(FerryCli.CliEnv.class, OutputEncoding.class);
            c.setAccessible(true);
            return c.newInstance(env, encoding);
        } catch (NoSuchMethodException e) {
            // most commands have no JSON form
        }
        try {
            Constructor<K> c = cls.getDeclaredConstructor(FerryCli.CliEnv.class);
            c.setAccessible(true);
            return c.newInstance(env);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
