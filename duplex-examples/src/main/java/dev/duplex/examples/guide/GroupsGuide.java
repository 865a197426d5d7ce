package dev.duplex.examples.guide;

import dev.duplex.websocket.Caller;
import dev.duplex.websocket.Groups;
import dev.duplex.websocket.Listener;
import dev.duplex.websocket.Service;

/** The code of docs/groups.md, compiled so that the guide cannot rot. */
public final class GroupsGuide {
    private GroupsGuide() {
    }

    // tag::chat[]
    public static final class Chat implements Service {
        private final Groups groups;

        Chat(Groups groups) {
            this.groups = groups;
        }

        public void onOpen(Caller caller) {
            groups.group("lobby").join(caller);                 // left automatically when the connection closes
        }

        public void onTextMessage(Caller caller, String text) {
            groups.group("lobby").broadcastText(text, caller);  // everyone but the sender
        }
    }
    // end::chat[]

    static Listener start() {
        // tag::attach[]
        var listener = new Listener(8080);
        Groups groups = listener.groups();
        listener.attach("/chat", request -> new Chat(groups));
        listener.start();
        // end::attach[]
        return listener;
    }
}
