package dev.ferry.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates command objects, handing the {@link FerryCli.CliEnv} to those whose constructor asks for it. */
final class CommandFactory implements CommandLine.IFactory {
    private final FerryCli.CliEnv env;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(FerryCli.CliEnv.class);
            c.setAccessible(true);
            return c.newInstance(env);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
