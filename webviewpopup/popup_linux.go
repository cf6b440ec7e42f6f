//go:build (desktop || dev) && linux && !bindings

package webviewpopup

/*
#cgo pkg-config: gtk+-3.0 webkit2gtk-4.1
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

// The marker set on a web view whose "create" signal is ours (connect once per view).
#define MESHDESK_MARK "meshdesk-popups"

static volatile gint meshdesk_views = -1;   // web views handled by the last install (-1: not run)
static volatile gint meshdesk_popups = 0;   // popups opened so far
static int meshdesk_width = 500, meshdesk_height = 700;
static gboolean meshdesk_clipboard = TRUE;

static GtkWidget *meshdesk_on_create(WebKitWebView *parent, WebKitNavigationAction *action, gpointer data);

// Finds the first WebKitWebView inside w (depth first).
static WebKitWebView *meshdesk_find_view(GtkWidget *w) {
	if (WEBKIT_IS_WEB_VIEW(w)) return WEBKIT_WEB_VIEW(w);
	if (!GTK_IS_CONTAINER(w)) return NULL;
	WebKitWebView *found = NULL;
	GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
	for (GList *k = kids; k && !found; k = k->next) found = meshdesk_find_view(GTK_WIDGET(k->data));
	g_list_free(kids);
	return found;
}

// Wires a web view: popups through "create", the clipboard setting.
static void meshdesk_wire(WebKitWebView *v) {
	if (g_object_get_data(G_OBJECT(v), MESHDESK_MARK)) return;
	g_object_set_data(G_OBJECT(v), MESHDESK_MARK, GINT_TO_POINTER(1));
	g_signal_connect(v, "create", G_CALLBACK(meshdesk_on_create), NULL);
	WebKitSettings *s = webkit_web_view_get_settings(v);
	if (meshdesk_clipboard) webkit_settings_set_javascript_can_access_clipboard(s, TRUE);
}

static void meshdesk_on_ready(WebKitWebView *v, gpointer win) {
	WebKitWindowProperties *p = webkit_web_view_get_window_properties(v);
	GdkRectangle g = {0, 0, 0, 0};
	if (p) webkit_window_properties_get_geometry(p, &g);
	// The page's own size (window.open's width/height features), within sane bounds.
	if (g.width >= 200 && g.height >= 200 && g.width <= 2000 && g.height <= 2000)
		gtk_window_resize(GTK_WINDOW(win), g.width, g.height);
	gtk_widget_show_all(GTK_WIDGET(win));
	gtk_window_present(GTK_WINDOW(win));
	gtk_widget_grab_focus(GTK_WIDGET(v));
}

static void meshdesk_on_close(WebKitWebView *v, gpointer win) {
	gtk_widget_destroy(GTK_WIDGET(win));
}

static void meshdesk_on_title(GObject *v, GParamSpec *ps, gpointer win) {
	const gchar *t = webkit_web_view_get_title(WEBKIT_WEB_VIEW(v));
	if (t && *t) gtk_window_set_title(GTK_WINDOW(win), t);
}

// Answers window.open: a related web view (same web process, so window.opener works) in a
// new top-level window, shown when the page is ready and destroyed when it closes itself.
// The popup gets its own user-content manager: the app's one carries Wails' IPC message
// handler, which a third-party page (an exchange's sign-in) must never reach.
static GtkWidget *meshdesk_on_create(WebKitWebView *parent, WebKitNavigationAction *action, gpointer data) {
	WebKitUserContentManager *ucm = webkit_user_content_manager_new();
	GtkWidget *view = GTK_WIDGET(g_object_new(WEBKIT_TYPE_WEB_VIEW,
		"related-view", parent,
		"settings", webkit_web_view_get_settings(parent),
		"user-content-manager", ucm,
		NULL));
	g_object_unref(ucm);
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_default_size(GTK_WINDOW(win), meshdesk_width, meshdesk_height);
	gtk_window_set_title(GTK_WINDOW(win), "Mesh Link — sign in");
	GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(parent));
	if (GTK_IS_WINDOW(top)) {
		gtk_window_set_transient_for(GTK_WINDOW(win), GTK_WINDOW(top));
		gtk_window_set_position(GTK_WINDOW(win), GTK_WIN_POS_CENTER_ON_PARENT);
	}
	gtk_container_add(GTK_CONTAINER(win), view);
	g_object_set_data(G_OBJECT(view), MESHDESK_MARK, GINT_TO_POINTER(1));
	g_signal_connect(view, "create", G_CALLBACK(meshdesk_on_create), NULL); // nested popups
	g_signal_connect(view, "ready-to-show", G_CALLBACK(meshdesk_on_ready), win);
	g_signal_connect(view, "close", G_CALLBACK(meshdesk_on_close), win);
	g_signal_connect(view, "notify::title", G_CALLBACK(meshdesk_on_title), win);
	g_atomic_int_inc(&meshdesk_popups);
	return view;
}

// Runs on the GTK main loop: wires every top-level window's web view.
static gboolean meshdesk_install_idle(gpointer data) {
	gint n = 0;
	GList *tops = gtk_window_list_toplevels();
	for (GList *t = tops; t; t = t->next) {
		WebKitWebView *v = meshdesk_find_view(GTK_WIDGET(t->data));
		if (v) { meshdesk_wire(v); n++; }
	}
	g_list_free(tops);
	g_atomic_int_set(&meshdesk_views, n);
	return G_SOURCE_REMOVE;
}

static void meshdesk_install(int width, int height, int clipboard) {
	meshdesk_width = width;
	meshdesk_height = height;
	meshdesk_clipboard = clipboard ? TRUE : FALSE;
	g_atomic_int_set(&meshdesk_views, -1);
	g_idle_add(meshdesk_install_idle, NULL);
}

static int meshdesk_views_wired(void) { return g_atomic_int_get(&meshdesk_views); }
static int meshdesk_popups_opened(void) { return g_atomic_int_get(&meshdesk_popups); }
*/
import "C"

import (
	"errors"
	"time"
)

// Supported reports whether this build can answer window.open in the app's window.
const Supported = true

func install(o Options) (int, error) {
	clip := 0
	if o.Clipboard {
		clip = 1
	}
	C.meshdesk_install(C.int(o.Width), C.int(o.Height), C.int(clip))
	// The idle callback runs on GTK's main loop; wait for it (briefly — the loop is busy
	// only while the page loads).
	deadline := time.Now().Add(o.Wait)
	for {
		if n := int(C.meshdesk_views_wired()); n >= 0 {
			if n == 0 {
				return 0, errors.New("no WebKit web view among the top-level windows")
			}
			return n, nil
		}
		if time.Now().After(deadline) {
			return 0, errors.New("the GTK main loop did not run the install within the wait")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func popupsOpened() int { return int(C.meshdesk_popups_opened()) }
