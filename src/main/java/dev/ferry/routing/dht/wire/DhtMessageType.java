package dev.ferry.routing.dht.wire;

/** The DHT's message types, with their wire codes. */
public enum DhtMessageType {
    PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS, FIND_NODE, PING
}
