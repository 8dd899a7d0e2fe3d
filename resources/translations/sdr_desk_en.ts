<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>BuyerMapView</name>
        <message>
            <source>Buyer-role map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Role</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stance</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Influence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reports to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nobody on the map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add contact…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that contact belongs to another account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that contact is not on this map.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that contact is already on the map.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: influence goes from 1 to 5.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: a contact cannot report to themselves.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that reporting line would make a loop.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No decider identified</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only the gatekeeper has been reached</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Committee smaller than expected: %1 of at least %2 people identified</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>influence %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fit %1%</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Suggested entry point: %1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose who %1 reports to, then press Enter (Esc cancels)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No gaps found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 reports to %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BuyerRole</name>
        <message>
            <source>Initiator</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decider</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Buyer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Influencer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Gatekeeper</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CallSessionPanel</name>
        <message>
            <source>Nothing to undo.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copied %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The queue is empty: nobody to call.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Logged %1 for %2. Ctrl+Z undoes it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The next step must be later than now. Nothing was saved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Undone: the last outcome for %1 is withdrawn (kept in the history, struck through).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not undo: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Their time %1 · your time %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outside their calling hours: you may still book it, but they are unlikely to answer.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Press F5 to start calling: the top of the queue comes up here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Press F5 to call the top of the queue.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter logs · Tab: next step · Esc: pick another outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outcome:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>F6 qualify · F8 skip · Ctrl+Z undo the last outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No lead on the card</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Buyer role: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Why now: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dial (Ctrl+D)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dial</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Their time: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call session</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Start calling</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>S&amp;kip to the next lead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>S&amp;top calling</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Undo last outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Dial the first number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Copy the first number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Qualify…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When (their time)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No next step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Send email</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Send WeChat message</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last touches</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CallingMenu</name>
        <message>
            <source>&amp;Calling</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Channel</name>
        <message>
            <source>Phone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Email</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>WeChat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SMS</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Meeting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Note</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Desktop</name>
        <message>
            <source>Unexpected error: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SDR Desk cannot start</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SDR Desk cannot open your profile.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Direction</name>
        <message>
            <source>Inbound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbound</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Duration</name>
        <message>
            <source>%1 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Engagement</name>
        <message>
            <source>Page views</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pricing page views</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Demo requests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Contact-sales requests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Downloads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Webinars</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Subscriptions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Email opens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Email clicks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>WeChat follows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>WeChat reads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Form submissions</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HandoffDialog</name>
        <message>
            <source>Hand-off: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy (Ctrl+Shift+C)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export… (Ctrl+E)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copied to the clipboard.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved to %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export the hand-off</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Markdown (*.md)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not save: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LeadDetailPane</name>
        <message>
            <source>No lead selected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pick a lead in the queue: its contact data, account and history show here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Phones</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Emails</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Their time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seniority</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Buyer role</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stage</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Came in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First touch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SLA due</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next touch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Do not call</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tags</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Contact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 employees</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Company</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Website</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Industry</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Size</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Country</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tier / grade</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Customer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Existing customer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recent activities</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Channel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No touches logged yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Engagement</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last engaged</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No engagement recorded.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LeadSource</name>
        <message>
            <source>Web form</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>White paper</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Webinar</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trade show</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Referral</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbound list</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Sign in to the server</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Server:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter the server address, such as https://sdr.example.com</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter your user name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enter your password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Signing in…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>ranking…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n lead(s)</source>
            <translation>
                <numerusform>%n lead</numerusform>
                <numerusform>%n leads</numerusform>
            </translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About SDR Desk</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;h3&gt;SDR Desk %1&lt;/h3&gt;&lt;p&gt;The workstation for Sales Development Reps: a prioritized call queue, research, qualification and offline-first sync.&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SDR Desk</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search name, company, phone or email (Ctrl+F)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Search the queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to the &amp;queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to the lead &amp;details</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;About SDR Desk</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>NeedsAttentionDialog</name>
        <message>
            <source>expected an object of field names and values</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The fields are not valid: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Discard this change?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The change is undone on this computer and never reaches the server.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Discard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Needs attention</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The server refused these changes. Fix a change and retry it, or discard it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fields of the selected change:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Retry</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Discard…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Outcome</name>
        <message>
            <source>No answer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Voicemail</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Busy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrong number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Gatekeeper</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Conversation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Meeting booked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not interested</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call back later</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bad data</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opened</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clicked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replied</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Downloaded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bounced</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Held</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Attended</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Noted</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>QualificationDialog</name>
        <message>
            <source>Red flags</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Qualified&lt;/b&gt;: hand off as an MQL once saved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Not qualified&lt;/b&gt;: %1. Next move: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Incomplete&lt;/b&gt;, still to find out:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved as version %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not saved. Problems to fix: %1 (marked below).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Handed off as an MQL.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Moved to %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Qualify %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Framework</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save version (Ctrl+S)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hand off as MQL (Ctrl+M)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Disqualify (Ctrl+Shift+D)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not now: nurture (Ctrl+Shift+N)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Earlier versions</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>Priority</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Company</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Their time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stage</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SLA</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Place in the queue: the sum of the reasons shown in the tooltip</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The prospect's local time, from their time zone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lead score: fit plus engagement minus spam</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time left to the first touch on a new inbound lead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not callable right now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Learner pattern: consumes content, no buying signal yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First touch due %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time zone unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RejectedOpsModel</name>
        <message>
            <source>Change</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Why the server refused it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Made at</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Seniority</name>
        <message>
            <source>C-level</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>VP</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Director</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Manager</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Individual contributor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Student</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Sla</name>
        <message>
            <source>overdue %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>in %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Stage</name>
        <message>
            <source>New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Working</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>MQL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SQL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opportunity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nurture</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Disqualified</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Step</name>
        <message>
            <source>Reach</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Conversation</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SyncController</name>
        <message>
            <source>No keyring available: sign in each time SDR Desk starts.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot reach the server. Check the address and the network.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign-in refused: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This server needs a newer SDR Desk.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unexpected error: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Server unreachable: working offline, changes stay queued.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign in again to sync: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sync stopped: the server needs a newer SDR Desk. Changes stay queued.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sync paused: the local cache was busy. It will try again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sync failed: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Online</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pending changes: …</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pending changes: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 need attention</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>never</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SyncUi</name>
        <message>
            <source>No keyring is available: you will sign in each time SDR Desk starts.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign in to sync (Sync ▸ Sign in…).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sending %v of %m</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Receiving %1</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>and %n more</source>
            <translation>
                <numerusform>and %n more</numerusform>
                <numerusform>and %n more</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new inbound lead(s) assigned to you</source>
            <translation>
                <numerusform>%n new inbound lead assigned to you</numerusform>
                <numerusform>%n new inbound leads assigned to you</numerusform>
            </translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not signed in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Update SDR Desk to sync</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Sync</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign &amp;in…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sync &amp;now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Needs &amp;attention (%1)…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Needs &amp;attention…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>TimelineModel</name>
        <message>
            <source>When</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Channel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Withdrawn by a later correction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Correction: entry withdrawn</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Verdict</name>
        <message>
            <source>Qualified</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not qualified</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Incomplete</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>VersionsModel</name>
        <message>
            <source>Version %1 · %2 · %3 · %4</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
